/**
 * anquan.supervision.list-major-hazard: 挂牌督办 of a 重大事故隐患 by the
 * 安委会 (000 第九条（四）), entered in the 重大事故隐患数据库 with its 督办文号.
 */
import { JobType } from '../contract.ts';
import { toChinaDate } from '../deadline/calendar.ts';
import type { Finding, Ledger } from '../ledger/index.ts';
import { InvalidVariablesError, maybeField, optionalField, parseVariables, textField } from '../variables.ts';
import { type JobContext, defineWorker, describeInputs } from '../worker-definition.ts';

export const jobType = JobType.listMajorHazard;

export const DEFAULT_LISTING_AUTHORITY = '安委会';
/** 江西 is the default jurisdiction (MISSION); other profiles pass their own, e.g. 湘安督. */
export const DEFAULT_DOCUMENT_NUMBER_PREFIX = '赣安督';

const inputSchema = {
  findingId: textField({ maxLength: 500 }),
  authority: optionalField(textField({ maxLength: 500 }), DEFAULT_LISTING_AUTHORITY),
  /** 督办文号 when the office has already issued one; otherwise one is generated. */
  documentNumber: maybeField(textField({ maxLength: 500 })),
  documentNumberPrefix: optionalField(textField({ maxLength: 20 }), DEFAULT_DOCUMENT_NUMBER_PREFIX),
} as const;

const inputs = describeInputs(inputSchema, {
  findingId: { label: '问题编号', kind: 'text', defaultValue: '${findingId}', description: '要挂牌督办的重大事故隐患在台账中的编号' },
  authority: { label: '督办机关', kind: 'text', description: `挂牌督办的机关，不填为 ${DEFAULT_LISTING_AUTHORITY}` },
  documentNumber: { label: '督办文号', kind: 'text', description: '已由办公室编号时填写；不填则按文号前缀、年份和序号生成' },
  documentNumberPrefix: { label: '文号前缀', kind: 'text', description: `生成督办文号的前缀，不填为 ${DEFAULT_DOCUMENT_NUMBER_PREFIX}（江西），其他辖区如 湘安督` },
});

export interface ListMajorHazardInput {
  readonly findingId: string;
  readonly authority: string;
  readonly documentNumber?: string;
  readonly documentNumberPrefix: string;
}

export type ListMajorHazardOutput = {
  listing: { authority: string; documentNumber: string | null; listedAt: string };
};

export function parseListMajorHazardInput(variables: Readonly<Record<string, unknown>>): ListMajorHazardInput {
  return parseVariables(variables, inputSchema);
}

export function documentNumber(prefix: string, year: string, serial: number): string {
  return `${prefix}〔${year}〕${serial}号`;
}

function yearBounds(year: string): { from: string; before: string } {
  return { from: `${year}-01-01T00:00:00+08:00`, before: `${Number(year) + 1}-01-01T00:00:00+08:00` };
}

/**
 * The serial is the hazard's place among the year's 重大事故隐患 in order of
 * discovery: every hazard gets its own number however many branches list at
 * once, and a retry computes the same one. Should a hazard entered late with
 * an earlier date shift the order onto a number already issued, the next
 * free number is taken instead.
 */
async function generateDocumentNumber(ledger: Ledger, finding: Finding, prefix: string): Promise<string> {
  const year = (toChinaDate(finding.foundAt) as string).slice(0, 4);
  const { from, before } = yearBounds(year);
  const hazards = await ledger.listMajorHazards({ foundFrom: from, foundBefore: before, limit: 10_000 });
  const ordinal = hazards.findIndex((hazard) => hazard.id === finding.id) + 1;
  const issued = new Set(
    hazards.filter((hazard) => hazard.id !== finding.id).flatMap((hazard) => (hazard.listing?.documentNumber ? [hazard.listing.documentNumber] : [])),
  );
  let serial = Math.max(ordinal, 1);
  while (issued.has(documentNumber(prefix, year, serial))) serial += 1;
  return documentNumber(prefix, year, serial);
}

export async function handleListMajorHazard(
  input: ListMajorHazardInput,
  context: Pick<JobContext, 'job' | 'services' | 'logger'>,
): Promise<ListMajorHazardOutput> {
  const { ledger } = context.services;
  const finding = await ledger.getFinding(input.findingId);
  if (finding === undefined) {
    throw new InvalidVariablesError([`变量 findingId 所指的问题隐患 ${input.findingId} 不在台账中 / variable findingId: finding ${input.findingId} is not in the ledger`]);
  }
  // Listed already (an earlier attempt of this job, or another path): report that listing, never a second number.
  const { record, changed } =
    finding.listing === null
      ? await ledger.recordSupervisionListing({
          findingId: finding.id,
          authority: input.authority,
          documentNumber: input.documentNumber ?? (await generateDocumentNumber(ledger, finding, input.documentNumberPrefix)),
          listedAt: context.job.activatedAt,
        })
      : { record: finding, changed: false };
  const listing = record.listing as NonNullable<Finding['listing']>;
  context.logger.info({ findingId: record.id, documentNumber: listing.documentNumber, changed }, 'major hazard listed for supervision');
  return { listing: { authority: listing.authority, documentNumber: listing.documentNumber, listedAt: listing.listedAt } };
}

export const listMajorHazardWorker = defineWorker<ListMajorHazardInput, ListMajorHazardOutput>({
  jobType,
  title: '重大事故隐患挂牌督办',
  inputs,
  description: '重大事故隐患挂牌督办并编督办文号 / lists a major accident hazard for supervision by the safety committee',
  parseInput: parseListMajorHazardInput,
  handle: handleListMajorHazard,
});
