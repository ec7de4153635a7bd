/**
 * anquan.disclosure.publish: 结果公开 and 通报曝光 (000 第十条、第十四条;
 * 001 四（二）; 002 四（二）6). Records the disclosure in the 台账 and
 * regenerates the public page and feed (see public-site.ts).
 */
import { JobType } from '../contract.ts';
import { DISCLOSURE_KINDS, type DisclosureKind } from '../ledger/index.ts';
import {
  type FieldParser,
  choiceField,
  listField,
  maybeField,
  objectField,
  optionalField,
  parseVariables,
  textField,
} from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';
import { type DisclosureItem, MAX_LISTED_DISCLOSURES, locationOf } from './public-site.ts';

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
});

/** A line of text, or a finding-like object `{ description | title, category?, responsibleUnit?, status? }`. */
function itemField(): FieldParser<DisclosureItem> {
  const text = textField();
  return {
    optional: false,
    parse(value, name) {
      if (typeof value === 'string') {
        const result = text.parse(value, name);
        return result.ok ? { ok: true, value: { text: result.value } } : result;
      }
      const result = itemObject.parse(value, name);
      if (!result.ok) return result;
      const { description, title, category, responsibleUnit, status } = result.value;
      const line = description ?? title;
      if (line === undefined) {
        return {
          ok: false,
          problem: `变量 ${name} 应为文本，或含 description（或 title）的对象 / variable ${name} must be text or an object with description (or title) (got ${JSON.stringify(value)})`,
        };
      }
      return {
        ok: true,
        value: {
          text: line,
          ...(category === undefined ? {} : { category }),
          ...(responsibleUnit === undefined ? {} : { responsibleUnit }),
          ...(status === undefined ? {} : { status }),
        },
      };
    },
  };
}

const inputSchema = {
  kind: choiceField(DISCLOSURE_KINDS),
  title: textField(SHORT_TEXT),
  summary: textField(),
  patrolTarget: maybeField(objectField({ name: textField(SHORT_TEXT) })),
  items: optionalField(listField(itemField(), { maxItems: MAX_ITEMS }), [] as DisclosureItem[]),
} as const;

const inputs = describeInputs(inputSchema, {
  kind: { label: '公开类别', kind: 'text', description: '公开页面上的栏目', choices: DISCLOSURE_KINDS },
  title: { label: '标题', kind: 'text', description: '公开信息的标题，如 ${patrolTarget.name} + "安全生产巡查结果"' },
  summary: { label: '摘要', kind: 'text', description: '向社会公开的正文摘要' },
  patrolTarget: { label: '被巡查对象', kind: 'expression', description: '{name}，显示在公开信息中，如 ${patrolTarget}' },
  items: {
    label: '条目',
    kind: 'expression',
    description: `逐条公开的内容（至多 ${MAX_ITEMS} 条）：每项为文本，或 {description（或 title）, category?, responsibleUnit?, status?}`,
  },
});

export interface PublishDisclosureInput {
  readonly kind: DisclosureKind;
  readonly title: string;
  readonly summary: string;
  readonly patrolTargetName?: string;
  readonly items: readonly DisclosureItem[];
}

export type PublishDisclosureOutput = { disclosureId: string; publishedAt: string; url: string };

export function parsePublishDisclosureInput(variables: Readonly<Record<string, unknown>>): PublishDisclosureInput {
  const { patrolTarget, ...input } = parseVariables(variables, inputSchema);
  return { ...input, ...(patrolTarget === undefined ? {} : { patrolTargetName: patrolTarget.name }) };
}

export async function handlePublishDisclosure(
  input: PublishDisclosureInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<PublishDisclosureOutput> {
  const { ledger, publicSite } = context.services;
  const idempotencyKey = `${context.job.elementInstanceKey}:disclosure`;
  // The text first: once the ledger lists the disclosure, any regeneration (even another job's) must find it.
  await publicSite.saveContent(idempotencyKey, {
    summary: input.summary,
    items: input.items,
    ...(input.patrolTargetName === undefined ? {} : { patrolTarget: input.patrolTargetName }),
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
  context.logger.info({ disclosureId: record.id, kind: record.kind, url, isNew }, 'disclosure published');
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
