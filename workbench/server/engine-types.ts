/** The parts of Operaton 1.0.3's REST DTOs the workbench reads. */

export interface EngineTask {
  readonly id: string;
  readonly name: string | null;
  readonly assignee: string | null;
  readonly created: string;
  readonly due: string | null;
  readonly followUp: string | null;
  readonly processDefinitionId: string | null;
  readonly processInstanceId: string | null;
  readonly executionId: string | null;
  readonly taskDefinitionKey: string | null;
  readonly formKey?: string | null;
  readonly operatonFormRef?: { readonly key: string; readonly binding?: string; readonly version?: number | null } | null;
}

export interface EngineHistoricTask {
  readonly id: string;
  readonly name: string | null;
  readonly processDefinitionKey: string | null;
  readonly processDefinitionId: string | null;
  readonly processInstanceId: string | null;
  readonly assignee: string | null;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly deleteReason: string | null;
}

export interface EngineProcessDefinition {
  readonly id: string;
  readonly key: string;
  readonly name: string | null;
  readonly version: number;
  readonly startableInTasklist?: boolean;
  readonly suspended?: boolean;
}

export interface EngineProcessInstance {
  readonly id: string;
  readonly businessKey: string | null;
  readonly definitionId?: string;
}

export interface EngineComment {
  readonly id: string;
  readonly userId: string | null;
  readonly taskId: string | null;
  readonly processInstanceId: string | null;
  readonly time: string;
  readonly message: string;
}

export interface EngineAttachment {
  readonly id: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly type: string | null;
  readonly url: string | null;
  readonly taskId: string | null;
  readonly processInstanceId: string | null;
  readonly createTime: string | null;
  readonly removalTime?: string | null;
}

export interface EngineHistoricActivity {
  readonly id: string;
  readonly activityId: string;
  readonly activityName: string | null;
  readonly activityType: string;
  readonly assignee: string | null;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly canceled?: boolean;
  readonly calledProcessInstanceId?: string | null;
}

export interface EngineGroupInfo {
  readonly groups: readonly { readonly id: string; readonly name: string | null }[];
}

export interface EngineUserProfile {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
}

export interface EngineStartFormInfo {
  readonly key: string | null;
  readonly operatonFormRef?: { readonly key: string } | null;
}

export interface EngineHistoricProcessInstance {
  readonly id: string;
  readonly businessKey: string | null;
  readonly processDefinitionId: string | null;
  readonly processDefinitionKey: string | null;
  readonly processDefinitionName: string | null;
  readonly startTime: string;
  readonly endTime: string | null;
  /** ACTIVE, SUSPENDED, COMPLETED, EXTERNALLY_TERMINATED, INTERNALLY_TERMINATED. */
  readonly state: string | null;
}

export interface EngineHistoricVariable {
  readonly name: string;
  readonly type: string;
  readonly value: unknown;
  readonly valueInfo?: Record<string, unknown>;
  readonly processInstanceId: string;
  readonly activityInstanceId: string | null;
}

export interface EngineAuthorizationCheck {
  readonly permissionName: string;
  readonly resourceName: string;
  readonly resourceId: string | null;
  /** Operaton 1.0.3 names it `authorized` (the docs' `isAuthorized` is the Java getter). */
  readonly authorized: boolean;
}
