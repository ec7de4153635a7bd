/**
 * The shape every job worker shares and the one error policy they all follow:
 *
 * - bad input variables: fail with retries 0, so Cockpit shows an incident
 *   whose message names the variable to correct (a retry cannot help);
 * - a business outcome the process models: throw a BPMN error with a code
 *   from workers/contract.ts;
 * - anything else is treated as transient: fail with one retry fewer and a
 *   back-off, so the engine retries and raises an incident only when retries
 *   run out.
 */
import type { BpmnErrorCode, JobType } from './contract.ts';
import type { WorkingDayCalendar } from './deadline/calendar.ts';
import type { Ledger } from './ledger/index.ts';
import type { Notifier } from './notify/notifier.ts';
import type { PublicSite } from './disclosure/public-site.ts';
import type { ProfileStore } from './profile/profile.ts';
import type { InspectionRegisters } from './inspection/registers.ts';
import type { ReportFolder } from './campaign/report-folder.ts';
import { type Logger, jobLogger } from './logger.ts';
import { InvalidVariablesError, type VariableSchema } from './variables.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The part of an activated job a worker needs; a fetched external task is
 * adapted to it in workers/engine/external-task-job.ts (key = task id,
 * type = topic, elementInstanceKey = activity instance id).
 */
export interface ActivatedJob<Acknowledgement = unknown> {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly retries: number;
  /**
   * When the engine locked the task for this worker, by the engine's clock (the
   * lock's expiry less the lock duration asked for). Times a worker records (a
   * finding's discovery, a listing, a notice's date) follow the engine, so an
   * engine whose clock is pinned, as in the integration tests, sees consistent dates.
   */
  readonly activatedAt: string;
  readonly variables: Readonly<Record<string, unknown>>;
  complete(variables: JsonObject): Promise<Acknowledgement>;
  fail(failure: { errorMessage: string; retries: number; retryBackOff: number }): Promise<Acknowledgement>;
  error(error: { errorCode: string; errorMessage: string; variables: JsonObject }): Promise<Acknowledgement>;
}

/** Long-lived collaborators shared by all workers, created once at start-up. */
export interface WorkerServices {
  readonly calendar: WorkingDayCalendar;
  /** The 台账, opened once from AppConfig.ledger; closed by the registry after the workers stop. */
  readonly ledger: Ledger;
  /** Jurisdiction profiles, re-read when a process owner edits a file. */
  readonly profiles: ProfileStore;
  /** Recipient directory and delivery channels of anquan.notify.send; closed with the ledger. */
  readonly notifier: Notifier;
  /** The public disclosure page and feed under AppConfig.disclosure. */
  readonly publicSite: PublicSite;
  /** The 双随机 registers (检查对象名录, 执法检查人员名录) under AppConfig.inspectionRegisterDirectory, re-read per draw. */
  readonly inspectionRegisters: InspectionRegisters;
  /** Where the monthly 调度表 are written (AppConfig.reportsDirectory). */
  readonly reports: ReportFolder;
}

export interface JobContext {
  readonly job: Pick<ActivatedJob, 'key' | 'type' | 'processInstanceKey' | 'bpmnProcessId' | 'elementId' | 'elementInstanceKey' | 'retries' | 'activatedAt'>;
  /** Bound to the job's identifiers. */
  readonly logger: Logger;
  readonly services: WorkerServices;
}

/** A modelled business outcome: the process catches `code` with an error boundary event. */
export class BusinessError extends Error {
  readonly code: BpmnErrorCode;
  readonly variables: JsonObject;

  constructor(code: BpmnErrorCode, message: string, variables: JsonObject = {}) {
    super(message);
    this.name = 'BusinessError';
    this.code = code;
    this.variables = variables;
  }
}

/** A transient fault that knows when trying again makes sense, e.g. another attempt's claim that lapses then. */
export class RetryLaterError extends Error {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.name = 'RetryLaterError';
    this.retryAfterMs = retryAfterMs;
  }
}

export type JobOutcome = 'completed' | 'invalid-input' | 'transient-failure' | 'business-error';

/**
 * How a process owner fills an input variable in the modeler's element template:
 * 'text' may be typed as plain text (a `${…}` JUEL part is optional), while
 * 'expression' carries lists, objects, numbers, booleans or other variables and
 * so must be a JUEL expression (`${…}`), or a camunda:list / camunda:map.
 */
export type InputValueKind = 'text' | 'expression';

/** One input variable as process owners see it when they pick this worker for a service task. */
export interface InputDescription {
  /** The field's Chinese label in the properties panel. */
  readonly label: string;
  /** What to enter, in Chinese: format, where the value usually comes from, what happens when it is left empty. */
  readonly description: string;
  readonly kind: InputValueKind;
  /** The values the worker accepts, listed in the field's description. */
  readonly choices?: readonly string[];
  /** Filled in when the template is applied, e.g. `=finding` for a variable an earlier form sets. */
  readonly defaultValue?: string;
}

export interface WorkerInput extends InputDescription {
  /** The variable name the worker reads (the input mapping's target). */
  readonly name: string;
  /** Without it the worker raises an incident; taken from the field parser, never written by hand. */
  readonly required: boolean;
}

/**
 * The element-template view of a worker's input schema. The descriptions must
 * name exactly the schema's fields (the compiler enforces it), and whether a
 * field is required comes from its parser, so the template cannot drift from
 * what parseInput accepts.
 */
export function describeInputs<S extends VariableSchema>(
  schema: S,
  descriptions: { readonly [K in keyof S & string]: InputDescription },
): readonly WorkerInput[] {
  return Object.entries(descriptions as Record<string, InputDescription>).map(([name, description]) => ({
    name,
    required: schema[name]?.optional === false,
    ...description,
  }));
}

export interface WorkerDefinition<Input, Output extends JsonObject> {
  readonly jobType: JobType;
  /** The short Chinese name process owners pick in the modeler (element template name), e.g. 发送通知. */
  readonly title: string;
  /** One line shown in logs and to process owners choosing a worker. */
  readonly description: string;
  /**
   * Every input variable parseInput reads, for the modeler's element template
   * (modeler-ui/server/element-templates/). Build it with {@link describeInputs}
   * from the same schema parseInput uses.
   */
  readonly inputs: readonly WorkerInput[];
  /** Tasks of this topic one worker process holds at once (running or waiting to run). */
  readonly maxJobsToActivate?: number;
  /**
   * The task's lock duration: how long the engine waits before handing the
   * task to another worker. The runtime extends the lock while the handler is
   * still running, so this bounds how soon a crashed worker's task is redone.
   */
  readonly timeoutMs?: number;
  /** Pause before the engine retries a transient failure. */
  readonly retryBackOffMs?: number;
  /** Throws {@link InvalidVariablesError} for input no retry can fix. */
  parseInput(variables: Readonly<Record<string, unknown>>): Input;
  handle(input: Input, context: JobContext): Output | Promise<Output>;
}

/** A worker with its types erased, ready for the registry. */
export interface RegisteredWorker {
  readonly jobType: JobType;
  readonly title: string;
  readonly description: string;
  readonly inputs: readonly WorkerInput[];
  readonly maxJobsToActivate: number;
  readonly timeoutMs: number;
  run<Acknowledgement>(
    job: ActivatedJob<Acknowledgement>,
    runtime: { readonly logger: Logger; readonly services: WorkerServices },
  ): Promise<{ readonly outcome: JobOutcome; readonly acknowledgement: Acknowledgement }>;
}

export const DEFAULT_MAX_JOBS_TO_ACTIVATE = 16;
export const DEFAULT_JOB_TIMEOUT_MS = 60_000;
export const DEFAULT_RETRY_BACK_OFF_MS = 10_000;

/** An error's message for a log line or an incident, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function defineWorker<Input, Output extends JsonObject>(definition: WorkerDefinition<Input, Output>): RegisteredWorker {
  const retryBackOff = definition.retryBackOffMs ?? DEFAULT_RETRY_BACK_OFF_MS;
  return {
    jobType: definition.jobType,
    title: definition.title,
    description: definition.description,
    inputs: definition.inputs,
    maxJobsToActivate: definition.maxJobsToActivate ?? DEFAULT_MAX_JOBS_TO_ACTIVATE,
    timeoutMs: definition.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
    async run(job, runtime) {
      const logger = jobLogger(runtime.logger, job);

      let input: Input;
      try {
        input = definition.parseInput(job.variables);
      } catch (error) {
        if (error instanceof InvalidVariablesError) {
          logger.error({ problems: error.problems }, 'invalid input variables; raising an incident');
          return { outcome: 'invalid-input', acknowledgement: await job.fail({ errorMessage: error.message, retries: 0, retryBackOff: 0 }) };
        }
        throw error;
      }

      let output: Output;
      try {
        output = await definition.handle(input, { job, logger, services: runtime.services });
      } catch (error) {
        if (error instanceof BusinessError) {
          logger.info({ errorCode: error.code }, `business outcome: ${error.message}`);
          return {
            outcome: 'business-error',
            acknowledgement: await job.error({ errorCode: error.code, errorMessage: error.message, variables: error.variables }),
          };
        }
        if (error instanceof InvalidVariablesError) {
          logger.error({ problems: error.problems }, 'invalid input variables; raising an incident');
          return { outcome: 'invalid-input', acknowledgement: await job.fail({ errorMessage: error.message, retries: 0, retryBackOff: 0 }) };
        }
        const retries = Math.max(job.retries - 1, 0);
        const errorMessage =
          retries > 0
            ? `处理失败，将自动重试（剩余 ${retries} 次）/ processing failed, will retry automatically (${retries} retries left): ${errorText(error)}`
            : `处理失败且重试次数已用完，请排除故障后在 Cockpit 中重试 / processing failed and retries are exhausted; fix the cause, then retry in Cockpit: ${errorText(error)}`;
        logger.warn({ err: error, retries }, 'transient failure');
        const backOff = error instanceof RetryLaterError ? Math.max(error.retryAfterMs, retryBackOff) : retryBackOff;
        return { outcome: 'transient-failure', acknowledgement: await job.fail({ errorMessage, retries, retryBackOff: backOff }) };
      }
      // Outside the handler's try: a completion the engine cannot take is not the handler failing. Reporting it
      // as a failure would spend a retry and run the work again; unreported, the task comes back when its lock ends.
      logger.info({ outputVariables: Object.keys(output) }, 'job completed');
      return { outcome: 'completed', acknowledgement: await job.complete(output) };
    },
  };
}
