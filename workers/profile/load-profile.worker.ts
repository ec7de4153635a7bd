/**
 * anquan.profile.load: puts a jurisdiction profile into the process, so every
 * deadline in a diagram reads its figure from `profile` (e.g.
 * `${profile.patrol.reportWorkingDays}`) instead of carrying a literal.
 * Profiles are re-read from processes/profiles when a file changes, so a
 * process owner's edit applies to the next instance without a restart.
 */
import { JobType } from '../contract.ts';
import { InvalidVariablesError, describeValue } from '../variables.ts';
import { type JobContext, type JsonObject, type WorkerInput, defineWorker } from '../worker-definition.ts';
import { DEFAULT_JURISDICTION, JURISDICTION_IDS, type ResolvedProfile, isJurisdictionId } from './profile.ts';
import type { JurisdictionId } from '../contract.ts';

export const jobType = JobType.loadProfile;

export interface LoadProfileInput {
  /** Absent or null means the default jurisdiction (江西). */
  readonly jurisdiction: JurisdictionId;
}

/**
 * `{ profile: { id, name, document, chain, patrol: {…}, …, procedures: { patrol: { planApproval: [...], … } }, sources: {…} }, processInstanceKey }`.
 * Every procedure loads its profile first, so this is also where an instance records its own id
 * as a variable: the notices and the ledger quote it, and a 回头看 signal names the instance it comes from.
 */
export interface LoadProfileOutput extends JsonObject {
  profile: JsonObject;
  processInstanceKey: string;
}

export function parseLoadProfileInput(variables: Readonly<Record<string, unknown>>): LoadProfileInput {
  const value = variables['jurisdiction'];
  if (value === undefined || value === null) return { jurisdiction: DEFAULT_JURISDICTION };
  const trimmed = typeof value === 'string' ? value.trim() : value;
  if (isJurisdictionId(trimmed)) return { jurisdiction: trimmed };
  throw new InvalidVariablesError([
    `变量 jurisdiction 应为 ${JURISDICTION_IDS.join('、')} 之一（省略时为 ${DEFAULT_JURISDICTION}）/ ` +
      `variable jurisdiction must be one of ${JURISDICTION_IDS.join(', ')} (default ${DEFAULT_JURISDICTION} when absent) (got ${describeValue(value)})`,
  ]);
}

/** parseLoadProfileInput reads this one variable; keep both in step. */
const inputs: readonly WorkerInput[] = [
  {
    name: 'jurisdiction',
    required: false,
    label: '辖区',
    kind: 'text',
    description: `期限配置所属辖区（processes/profiles/<辖区>.json），不填为 ${DEFAULT_JURISDICTION}`,
    choices: JURISDICTION_IDS,
  },
];

/** The resolved profile as process variables (plain JSON). */
export function profileVariables(profile: ResolvedProfile): JsonObject {
  return JSON.parse(JSON.stringify(profile)) as JsonObject;
}

export async function handleLoadProfile(
  input: LoadProfileInput,
  context: Pick<JobContext, 'job' | 'logger' | 'services'>,
): Promise<LoadProfileOutput> {
  // A missing or broken profile file is not the process's fault: the ProfileError
  // fails the job with retries left, and a retry succeeds once the file is fixed.
  const profile = await context.services.profiles.resolve(input.jurisdiction);
  context.logger.debug({ jurisdiction: profile.id, chain: profile.chain }, 'profile loaded');
  return { profile: profileVariables(profile), processInstanceKey: context.job.processInstanceKey };
}

export const loadProfileWorker = defineWorker<LoadProfileInput, LoadProfileOutput>({
  jobType,
  title: '载入辖区期限配置',
  inputs,
  description: '载入辖区时限配置（江西默认、盐城、湖南）/ loads a jurisdiction profile of deadline figures',
  parseInput: parseLoadProfileInput,
  handle: handleLoadProfile,
});
