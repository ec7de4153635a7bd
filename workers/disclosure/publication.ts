/**
 * What a publication may hold (001 五(五); 000 第十条; 002 四(二)6), checked
 * before anything is written to the public site:
 *
 * - the approved plan's main points, the report's main content, the 整改方案
 *   and the 整改落实情况 as `sections`, and the 整改方案's task list
 *   (问题–措施–责任单位–时限–整改情况) as `rectificationTasks`;
 * - never a finding routed to the 纪检监察机关: an item of category
 *   干部不担当不作为、形式主义官僚主义、失职渎职, or one whose receiver is the
 *   纪检监察机关 or that carries the cadres of a 责任追究 (001 四(六)、五(三));
 * - never the name of a cadre: a list or task line is projected onto its
 *   public fields (a 责任领导, the cadres, the 对人员的处理意见 are dropped), and
 *   any text that contains one of `withheldNames` (the cadres the process
 *   named, e.g. in the 责任追究清单) stops the publication;
 * - a person has reviewed the text: a publication with sections or a task
 *   list (the 001 五(五) one) names its reviewer and review date.
 *
 * A refusal is an incident, not a silent cut: what goes out must be what the
 * reviewer approved, so the diagram leaves the confidential items out before
 * the review and this is the second line of defence.
 */
import { FindingCategory, Receiver } from '../contract.ts';

/** The category that always goes to the 纪检监察机关 (MISSION: finding routing). */
export const DISCIPLINE_CATEGORY: string = FindingCategory.cadreConduct;

/** One line of a disclosure, e.g. a finding and how far its rectification has come. */
export interface DisclosureItem {
  readonly text: string;
  readonly category?: string;
  readonly responsibleUnit?: string;
  readonly status?: string;
}

/** A titled part of a publication, e.g. 整改方案. */
export interface PublicationSection {
  readonly heading: string;
  readonly text: string;
}

/** One task of the 整改方案 as the public sees it: no 责任领导, no 对人员的处理意见. */
export interface RectificationTaskLine {
  readonly problem: string;
  readonly measure: string;
  readonly responsibleUnit?: string;
  readonly deadline?: string;
  readonly status?: string;
}

/** What a list item or task line said about where it was routed, read before projection. */
export interface RoutingMarks {
  readonly category?: string;
  readonly receiver?: string;
  /** The item named cadres (a 责任追究). */
  readonly namesCadres: boolean;
}

export interface PublicationDraft {
  readonly title: string;
  readonly summary: string;
  readonly patrolTargetName?: string;
  readonly items: readonly (DisclosureItem & { readonly routing: RoutingMarks })[];
  readonly sections: readonly PublicationSection[];
  readonly rectificationTasks: readonly (RectificationTaskLine & { readonly routing: RoutingMarks })[];
  readonly reviewedBy?: string;
  readonly reviewedDate?: string;
  readonly withheldNames: readonly string[];
}

function routedToDiscipline(routing: RoutingMarks): string | undefined {
  if (routing.category === DISCIPLINE_CATEGORY) return `类别为“${DISCIPLINE_CATEGORY}”，须移交纪检监察机关 / its category goes to the 纪检监察机关`;
  if (routing.receiver === Receiver.disciplineInspection) return '已移交纪检监察机关 / it was transferred to the 纪检监察机关';
  if (routing.namesCadres) return '列有责任追究的干部 / it names cadres for accountability';
  return undefined;
}

/** Every text of the publication with where it stands, for the withheld-names scan. */
function textsOf(draft: PublicationDraft): { where: string; text: string }[] {
  return [
    { where: 'title', text: draft.title },
    { where: 'summary', text: draft.summary },
    ...(draft.patrolTargetName === undefined ? [] : [{ where: 'patrolTarget.name', text: draft.patrolTargetName }]),
    ...draft.sections.flatMap((section, index) => [
      { where: `sections[${index}].heading`, text: section.heading },
      { where: `sections[${index}].text`, text: section.text },
    ]),
    ...draft.items.flatMap((item, index) => [
      { where: `items[${index}]`, text: item.text },
      ...(item.responsibleUnit === undefined ? [] : [{ where: `items[${index}].responsibleUnit`, text: item.responsibleUnit }]),
      ...(item.status === undefined ? [] : [{ where: `items[${index}].status`, text: item.status }]),
    ]),
    ...draft.rectificationTasks.flatMap((task, index) =>
      (['problem', 'measure', 'responsibleUnit', 'deadline', 'status'] as const)
        .filter((field) => task[field] !== undefined)
        .map((field) => ({ where: `rectificationTasks[${index}].${field}`, text: task[field]! })),
    ),
  ];
}

/**
 * Why the draft may not be published (empty when it may). The messages name
 * the variable and position, never the withheld name itself: incidents are
 * read by operators who need not learn it.
 */
export function publicationProblems(draft: PublicationDraft): string[] {
  const problems: string[] = [];
  draft.items.forEach((item, index) => {
    const reason = routedToDiscipline(item.routing);
    if (reason) problems.push(`变量 items[${index}] 不得公开：${reason}（盐城方案五(三)、四(六)）/ variable items[${index}] must not be published`);
  });
  draft.rectificationTasks.forEach((task, index) => {
    const reason = routedToDiscipline(task.routing);
    if (reason) {
      problems.push(`变量 rectificationTasks[${index}] 不得公开：${reason}（盐城方案五(三)、四(六)）/ variable rectificationTasks[${index}] must not be published`);
    }
  });
  const names = draft.withheldNames.filter((name) => name.trim().length >= 2);
  for (const { where, text } of textsOf(draft)) {
    const found = names.findIndex((name) => text.includes(name.trim()));
    if (found >= 0) {
      problems.push(`变量 ${where} 含有不得公开的干部姓名（withheldNames[${draft.withheldNames.indexOf(names[found]!)}]）/ variable ${where} contains a cadre's name that must not be published`);
    }
  }
  if ((draft.sections.length > 0 || draft.rectificationTasks.length > 0) && (draft.reviewedBy === undefined || draft.reviewedDate === undefined)) {
    problems.push(
      '巡查及整改情况须经审核后公开，缺少 reviewedBy 或 reviewedDate（盐城方案五(五)“经审定批准后”）/ a publication with sections or a task list must name its reviewer and review date (reviewedBy, reviewedDate)',
    );
  }
  return problems;
}

/** The sections worth printing: in order, empty texts left out, a section repeating the lead summary kept (the summary is then not repeated). */
export function publicSections(sections: readonly { heading: string; text?: string }[]): PublicationSection[] {
  return sections
    .filter((section): section is PublicationSection => typeof section.text === 'string' && section.text.trim() !== '')
    .map((section) => ({ heading: section.heading, text: section.text.trim() }));
}

/** Drops the routing marks: what is left is exactly what the public page prints. */
export function publicItem(item: DisclosureItem & { readonly routing?: RoutingMarks }): DisclosureItem {
  return {
    text: item.text,
    ...(item.category === undefined ? {} : { category: item.category }),
    ...(item.responsibleUnit === undefined ? {} : { responsibleUnit: item.responsibleUnit }),
    ...(item.status === undefined ? {} : { status: item.status }),
  };
}

export function publicTask(task: RectificationTaskLine & { readonly routing?: RoutingMarks }): RectificationTaskLine {
  return {
    problem: task.problem,
    measure: task.measure,
    ...(task.responsibleUnit === undefined ? {} : { responsibleUnit: task.responsibleUnit }),
    ...(task.deadline === undefined ? {} : { deadline: task.deadline }),
    ...(task.status === undefined ? {} : { status: task.status }),
  };
}
