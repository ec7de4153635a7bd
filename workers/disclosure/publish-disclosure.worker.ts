/**
 * anquan.disclosure.publish: 结果公开 and 通报曝光 (000 第十条、第十四条;
 * 001 四（二）、五（五）; 002 四（二）6). Records the disclosure in the 台账 and
 * regenerates the public page and feed (see public-site.ts).
 *
 * The patrol's publication (001 五(五)) also carries `sections` (方案要点,
 * 报告主要内容, 整改方案, 整改落实情况, 回头看结论), the 整改方案's task list and
 * who reviewed it; publication.ts refuses a finding routed to the 纪检监察机关
 * and any cadre's name before anything is written.
 */
import { JobType } from '../contract.ts';
import {
  type PublicationSection,
  type RectificationTaskLine,
  type RoutingMarks,
  publicItem,
  publicSections,
  publicTask,
  publicationProblems,
} from './publication.ts';
import { DISCLOSURE_KINDS, type DisclosureKind } from '../ledger/index.ts';
import {
  type FieldParser,
  InvalidVariablesError,
  choiceField,
  dateField,
  describeValue,
  listField,
  maybeField,
  objectField,
  optionalField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { type DisclosureItem, MAX_LISTED_DISCLOSURES, locationOf } from './public-site.ts';

type Routed<T> = T & { readonly routing: RoutingMarks };

/** The most sections a publication prints (001 五(五) names four, 002 四(二)6 adds the 回头看). */
export const MAX_SECTIONS = 12;

export const jobType = JobType.publishDisclosure;

/** More lines than this belong in an attached report, not on the public list. */
export const MAX_ITEMS = 200;

const SHORT_TEXT = { maxLength: 500 } as const;

const itemObject = objectField({
  description: maybeField(textField()),
  title: maybeField(textField()),
  category: maybeField(textField(SHORT_TEXT)),
  responsibleUnit: maybeField(textField(SHORT_TEXT)),
  status: maybeField(textField(SHORT_TEXT)),
  receiver: maybeField(textField(SHORT_TEXT)),
});

/** Where an object says it was routed; read before the object is projected onto its public fields. */
function routingOf(value: unknown, category: string | undefined, receiver: string | undefined): RoutingMarks {
  const cadres = (value as Record<string, unknown>)['cadres'];
  return {
    ...(category === undefined ? {} : { category }),
    ...(receiver === undefined ? {} : { receiver }),
    namesCadres: Array.isArray(cadres) ? cadres.length > 0 : cadres !== undefined && cadres !== null && cadres !== '',
  };
}

/** A line of text, or a finding-like object `{ description | title, category?, responsibleUnit?, status?, receiver? }`. */
function itemField(): FieldParser<Routed<DisclosureItem>> {
  const text = textField();
  return {
    optional: false,
    parse(value, name) {
      if (typeof value === 'string') {
        const result = text.parse(value, name);
        return result.ok ? { ok: true, value: { text: result.value, routing: { namesCadres: false } } } : result;
      }
      const result = itemObject.parse(value, name);
      if (!result.ok) return result;
      const { description, title, category, responsibleUnit, status, receiver } = result.value;
      const line = description ?? title;
      if (line === undefined) {
        return {
          ok: false,
          problem: `变量 ${name} 应为文本，或含 description（或 title）的对象 / variable ${name} must be text or an object with description (or title) (got ${describeValue(value)})`,
        };
      }
      return {
        ok: true,
        value: {
          text: line,
          ...(category === undefined ? {} : { category }),
          ...(responsibleUnit === undefined ? {} : { responsibleUnit }),
          ...(status === undefined ? {} : { status }),
          routing: routingOf(value, category, receiver),
        },
      };
    },
  };
}

/** A name as text, or a person `{ name, … }` (e.g. the cadres of a 责任追究 as the escalation records them). */
function nameField(): FieldParser<string> {
  const text = textField(SHORT_TEXT);
  const person = objectField({ name: textField(SHORT_TEXT) });
  return {
    optional: false,
    parse(value, name) {
      if (typeof value === 'string') return text.parse(value, name);
      const result = person.parse(value, name);
      return result.ok ? { ok: true, value: result.value.name } : result;
    },
  };
}

const sectionObject = objectField({ heading: textField(SHORT_TEXT), text: maybeField(textField()) });

const taskObject = objectField({
  problem: textField(),
  measure: textField(),
  responsibleUnit: maybeField(textField(SHORT_TEXT)),
  deadline: maybeField(textField(SHORT_TEXT)),
  status: maybeField(textField(SHORT_TEXT)),
  category: maybeField(textField(SHORT_TEXT)),
  receiver: maybeField(textField(SHORT_TEXT)),
});

/** One task of the 整改方案; fields beyond the public ones (责任领导, 对人员的处理意见 …) are not read. */
function taskField(): FieldParser<Routed<RectificationTaskLine>> {
  return {
    optional: false,
    parse(value, name) {
      const result = taskObject.parse(value, name);
      if (!result.ok) return result;
      const { category, receiver, ...task } = result.value;
      return { ok: true, value: { ...task, routing: routingOf(value, category, receiver) } };
    },
  };
}

const inputSchema = {
  kind: choiceField(DISCLOSURE_KINDS),
  title: textField(SHORT_TEXT),
  summary: textField(),
  patrolTarget: maybeField(objectField({ name: textField(SHORT_TEXT) })),
  items: optionalField(listField(itemField(), { maxItems: MAX_ITEMS }), [] as Routed<DisclosureItem>[]),
  sections: optionalField(listField(sectionObject, { maxItems: MAX_SECTIONS }), [] as { heading: string; text?: string }[]),
  rectificationTasks: optionalField(listField(taskField(), { maxItems: MAX_ITEMS }), [] as Routed<RectificationTaskLine>[]),
  reviewedBy: maybeField(textField(SHORT_TEXT)),
  reviewedDate: maybeField(dateField()),
  withheldNames: optionalField(listField(nameField(), { maxItems: MAX_ITEMS }), [] as string[]),
} as const;

const inputs = describeInputs(inputSchema, {
  kind: { label: '公开类别', kind: 'text', description: '公开页面上的栏目', choices: DISCLOSURE_KINDS },
  title: { label: '标题', kind: 'text', description: '公开信息的标题，如 ${patrolTarget.name} + "安全生产巡查结果"' },
  summary: { label: '摘要', kind: 'text', description: '向社会公开的正文摘要' },
  patrolTarget: { label: '被巡查对象', kind: 'expression', description: '{name}，显示在公开信息中，如 ${patrolTarget}' },
  items: {
    label: '条目',
    kind: 'expression',
    description: `逐条公开的内容（至多 ${MAX_ITEMS} 条）：每项为文本，或 {description（或 title）, category?, responsibleUnit?, status?}；移交纪检监察机关的问题不得列入`,
  },
  sections: {
    label: '分节内容',
    kind: 'expression',
    description: `按顺序公开的各节 {heading, text}（至多 ${MAX_SECTIONS} 节），如巡查工作方案要点、巡查报告主要内容、整改方案、整改落实情况、回头看结论；text 为空的节不公开`,
  },
  rectificationTasks: {
    label: '整改任务清单',
    kind: 'expression',
    description: '整改方案的任务 {problem, measure, responsibleUnit?, deadline?, status?}，以表格公开；不含责任领导和对人员的处理意见',
  },
  reviewedBy: { label: '审核人', kind: 'text', description: '审核公开文本的人（不在公开页面上显示）；有分节或任务清单时必填' },
  reviewedDate: { label: '审核日期', kind: 'text', description: 'YYYY-MM-DD；有分节或任务清单时必填' },
  withheldNames: {
    label: '不得公开的姓名',
    kind: 'expression',
    description: '本案涉及的干部姓名（如责任追究清单所列）；任何公开文本含有其一即拒绝公开',
  },
});

export interface PublishDisclosureInput {
  readonly kind: DisclosureKind;
  readonly title: string;
  readonly summary: string;
  readonly patrolTargetName?: string;
  readonly items: readonly DisclosureItem[];
  readonly sections: readonly PublicationSection[];
  readonly rectificationTasks: readonly RectificationTaskLine[];
  readonly reviewedBy?: string;
  readonly reviewedDate?: string;
}

export type PublishDisclosureOutput = { disclosureId: string; publishedAt: string; url: string };

/**
 * Reads the variables and refuses, as invalid input (an incident, no retry),
 * a publication that would hold a 纪检 finding or a cadre's name, or that
 * nobody reviewed (publication.ts).
 */
export function parsePublishDisclosureInput(variables: Readonly<Record<string, unknown>>): PublishDisclosureInput {
  const { patrolTarget, items, sections, rectificationTasks, reviewedBy, reviewedDate, withheldNames, ...input } = parseVariables(variables, inputSchema);
  const printed = publicSections(sections);
  const patrolTargetName = patrolTarget?.name;
  const problems = publicationProblems({
    title: input.title,
    summary: input.summary,
    ...(patrolTargetName === undefined ? {} : { patrolTargetName }),
    items,
    sections: printed,
    rectificationTasks,
    ...(reviewedBy === undefined ? {} : { reviewedBy }),
    ...(reviewedDate === undefined ? {} : { reviewedDate }),
    withheldNames,
  });
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return {
    ...input,
    ...(patrolTargetName === undefined ? {} : { patrolTargetName }),
    items: items.map(publicItem),
    sections: printed,
    rectificationTasks: rectificationTasks.map(publicTask),
    ...(reviewedBy === undefined ? {} : { reviewedBy }),
    ...(reviewedDate === undefined ? {} : { reviewedDate }),
  };
}

export async function handlePublishDisclosure(
  input: PublishDisclosureInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<PublishDisclosureOutput> {
  const { ledger, publicSite } = context.services;
  const idempotencyKey = `${context.job.elementInstanceKey}:disclosure`;
  // The text first: once the ledger lists the disclosure, any regeneration (even another job's) must find it.
  // The reviewer's name stays in the process (and this log); the public files carry only the review date.
  await publicSite.saveContent(idempotencyKey, {
    summary: input.summary,
    items: input.items,
    ...(input.patrolTargetName === undefined ? {} : { patrolTarget: input.patrolTargetName }),
    ...(input.sections.length > 0 ? { sections: input.sections } : {}),
    ...(input.rectificationTasks.length > 0 ? { rectificationTasks: input.rectificationTasks } : {}),
    ...(input.reviewedDate === undefined ? {} : { reviewedDate: input.reviewedDate }),
  });
  const { record, isNew } = await ledger.recordDisclosure({
    idempotencyKey,
    kind: input.kind,
    title: input.title,
    location: locationOf(idempotencyKey),
    processInstanceKey: context.job.processInstanceKey,
    publishedAt: context.job.activatedAt,
  });
  // Regenerated on a retry too: the attempt that recorded the disclosure may have stopped before the pages were written.
  await publicSite.regenerate(await ledger.listDisclosures({ limit: MAX_LISTED_DISCLOSURES }), context.job.activatedAt);
  const url = publicSite.urlOf(record.location);
  context.logger.info({ disclosureId: record.id, kind: record.kind, url, isNew, reviewedBy: input.reviewedBy, reviewedDate: input.reviewedDate }, 'disclosure published');
  return { disclosureId: record.id, publishedAt: record.publishedAt, url };
}

export const publishDisclosureWorker = defineWorker<PublishDisclosureInput, PublishDisclosureOutput>({
  jobType,
  title: '结果公开',
  inputs,
  description: '向社会公开巡查结果、整改情况、通报曝光（公开页面与 JSON Feed） / publishes results to the public page and feed',
  parseInput: parsePublishDisclosureInput,
  handle: handlePublishDisclosure,
});
