/**
 * The Operaton (Camunda 7) REST API's request and response shapes that this
 * project uses, as the engine sends them: dates are text in the engine's format
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (e.g. `2026-03-02T09:00:00.000+0800`), ids are
 * text, absent values are null.
 */

/** One typed variable value (`VariableValueDto`). */
export interface EngineVariable {
  readonly value: unknown;
  /** String, Integer, Long, Double, Boolean, Null, Date, Json, Object, Bytes… */
  readonly type: string;
  readonly valueInfo?: Readonly<Record<string, unknown>>;
}

/** Variables by name, as the REST API sends and accepts them. */
export type EngineVariables = Readonly<Record<string, EngineVariable>>;

/** The engine's error body (`ExceptionDto`) for 4xx and 5xx responses. */
export interface EngineErrorBody {
  /** Exception class without package, e.g. `RestException`, `InvalidRequestException`, `AuthorizationException`. */
  readonly type?: string;
  readonly message?: string;
  /** The engine's error code, when the exception carries one. */
  readonly code?: number | null;
}

/** One topic of a fetchAndLock request. */
export interface FetchTopic {
  readonly topicName: string;
  /** Milliseconds the fetched task stays locked for this worker. */
  readonly lockDuration: number;
  /** Names of the variables to fetch; absent means all variables visible from the task. */
  readonly variables?: readonly string[];
  readonly localVariables?: boolean;
  /** false: Object values come as their serialized text, so no Java deserialization ever runs. */
  readonly deserializeValues?: boolean;
  readonly includeExtensionProperties?: boolean;
  readonly businessKey?: string;
  readonly processDefinitionKey?: string;
  readonly processDefinitionKeyIn?: readonly string[];
  readonly tenantIdIn?: readonly string[];
  readonly withoutTenantId?: boolean;
}

/** `POST /external-task/fetchAndLock`. */
export interface FetchAndLockRequest {
  readonly workerId: string;
  readonly maxTasks: number;
  readonly usePriority?: boolean;
  /** Long polling: milliseconds the engine holds the request while no task is available (at most 1 800 000). */
  readonly asyncResponseTimeout?: number;
  readonly topics: readonly FetchTopic[];
}

/** A fetched and locked external task (`LockedExternalTaskDto`). */
export interface LockedExternalTask {
  readonly id: string;
  readonly topicName: string;
  readonly workerId: string;
  /** Engine time at which the lock expires. */
  readonly lockExpirationTime: string;
  /** Null until a worker has reported a failure with retries. */
  readonly retries: number | null;
  readonly errorMessage: string | null;
  readonly errorDetails?: string | null;
  readonly processInstanceId: string;
  readonly processDefinitionId: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionVersionTag?: string | null;
  readonly activityId: string;
  /** Stable across lock expiry and retries of the same activity instance. */
  readonly activityInstanceId: string;
  readonly executionId: string;
  readonly businessKey: string | null;
  readonly tenantId: string | null;
  readonly priority: number;
  readonly createTime?: string | null;
  readonly variables?: EngineVariables | null;
  readonly extensionProperties?: Readonly<Record<string, string>> | null;
}

/** `ProcessDefinitionDto`. */
export interface ProcessDefinition {
  readonly id: string;
  readonly key: string;
  readonly name: string | null;
  readonly version: number;
  readonly versionTag: string | null;
  readonly resource: string;
  readonly deploymentId: string;
  readonly suspended: boolean;
  readonly tenantId: string | null;
  readonly historyTimeToLive: number | null;
  readonly startableInTasklist: boolean;
  readonly category?: string | null;
  readonly description?: string | null;
  readonly diagram?: string | null;
}

/** Definitions other than processes, as far as this project reads them. */
export interface DeployedDefinition {
  readonly id: string;
  readonly key: string;
  readonly name: string | null;
  readonly version: number;
  readonly resource: string;
  readonly deploymentId: string;
}

/** `DeploymentDto`. */
export interface Deployment {
  readonly id: string;
  readonly name: string | null;
  readonly source: string | null;
  readonly deploymentTime: string;
  readonly tenantId: string | null;
}

/**
 * `DeploymentWithDefinitionsDto`: what `POST /deployment/create` returns. The
 * maps are keyed by definition id; they are null (or empty) for kinds of which
 * this deployment deployed nothing, e.g. every map when `deploy-changed-only`
 * found no changed resource.
 */
export interface DeploymentWithDefinitions extends Deployment {
  readonly deployedProcessDefinitions: Readonly<Record<string, ProcessDefinition>> | null;
  readonly deployedCaseDefinitions: Readonly<Record<string, DeployedDefinition>> | null;
  readonly deployedDecisionDefinitions: Readonly<Record<string, DeployedDefinition>> | null;
  readonly deployedDecisionRequirementsDefinitions: Readonly<Record<string, DeployedDefinition>> | null;
}

/** `DeploymentResourceDto`: one file of a deployment. */
export interface DeploymentResource {
  readonly id: string;
  readonly name: string;
  readonly deploymentId: string;
}

/** `ProcessInstanceWithVariablesDto` (variables only when asked for). */
export interface StartedProcessInstance {
  readonly id: string;
  readonly definitionId: string;
  readonly businessKey: string | null;
  readonly ended: boolean;
  readonly suspended: boolean;
  readonly tenantId: string | null;
  readonly variables?: EngineVariables;
}

/** `MessageCorrelationResultWithVariableDto`, returned when `resultEnabled` is true. */
export interface MessageCorrelationResult {
  /** `Execution` (an intermediate catch or boundary event) or `ProcessDefinition` (a message start event). */
  readonly resultType: 'Execution' | 'ProcessDefinition';
  readonly execution?: { readonly id: string; readonly processInstanceId: string; readonly ended: boolean } | null;
  readonly processInstance?: { readonly id: string; readonly definitionId: string; readonly businessKey: string | null } | null;
  readonly variables?: EngineVariables;
}
