/**
 * Checks that diagrams and forms only use names the product implements:
 * every job type has a worker, every linked form exists, and process ids,
 * messages, signals, error codes and candidate groups are those of workers/contract.ts.
 * A deployment that passes cannot strand an instance on a job nobody serves.
 */
import type { ModdleElement } from 'bpmn-moddle';
import {
  CAMUNDA_EXECUTION_PLATFORM,
  CAMUNDA_PLATFORM_VERSION,
  knownBpmnErrorCodes,
  knownCandidateGroups,
  knownFormIds,
  knownMessageNames,
  knownProcessIds,
  knownSignalNames,
} from '../workers/contract.ts';
import type { ParsedDiagram, ParsedForm, ResourceProblem } from './project-files.ts';

export interface ContractContext {
  /** Job types that workers/registry.ts serves. */
  readonly registeredJobTypes: ReadonlySet<string>;
  /** Form ids deployed alongside the diagrams. */
  readonly formIds: ReadonlySet<string>;
  /** Process ids defined by all diagrams being deployed (targets for call activities). */
  readonly deployedProcessIds: ReadonlySet<string>;
}

/** Visits every model element reachable from `root` once (references included, cycles cut). */
function collectElements(root: ModdleElement): ModdleElement[] {
  const seen = new Set<ModdleElement>();
  const pending: ModdleElement[] = [root];
  while (pending.length > 0) {
    const element = pending.pop() as ModdleElement;
    if (seen.has(element)) continue;
    seen.add(element);
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$')) continue;
      const candidates = Array.isArray(value) ? value : [value];
      for (const candidate of candidates) {
        if (candidate !== null && typeof candidate === 'object' && typeof (candidate as ModdleElement).$type === 'string') {
          pending.push(candidate as ModdleElement);
        }
      }
    }
  }
  return [...seen];
}

/** The BPMN element an extension element (zeebe:*) belongs to. */
function ownerOf(extension: ModdleElement): ModdleElement | undefined {
  let current = extension.$parent;
  while (current && (current.$type === 'bpmn:ExtensionElements' || current.$type.startsWith('zeebe:'))) {
    current = current.$parent;
  }
  return current;
}

function stringProperty(element: ModdleElement, property: string): string | undefined {
  const value = element.get(property);
  return typeof value === 'string' ? value : undefined;
}

function isExpression(value: string): boolean {
  return value.trim().startsWith('=');
}

/**
 * A quoted ISO 8601 duration, cycle or date inside an expression, e.g.
 * `=duration("P5D")`: a deadline written into the diagram after all.
 */
const QUOTED_TIME_LITERAL = /["'](?:R\d*\/|P(?:\d|T\d)|\d{4}-\d{2}-\d{2})/;

/** Why a timer or due-date value is a literal deadline, or undefined when it comes from the process data. */
function literalDeadline(value: string): string | undefined {
  if (!isExpression(value)) return `"${value}" 是固定值 / "${value}" is a literal`;
  if (QUOTED_TIME_LITERAL.test(value)) return `"${value}" 含固定的时间值 / "${value}" contains a literal time value`;
  return undefined;
}

function extensionsOf(element: ModdleElement, type: string): ModdleElement[] {
  const extensionElements = element.get('extensionElements') as ModdleElement | undefined;
  const values = (extensionElements?.get('values') as ModdleElement[] | undefined) ?? [];
  return values.filter((value) => value.$type === type);
}

export function checkDiagramContract(diagram: ParsedDiagram, context: ContractContext): ResourceProblem[] {
  if (!diagram.definitions) return [];
  const problems: ResourceProblem[] = [];
  const report = (element: ModdleElement | undefined, rule: string, message: string): void => {
    problems.push({
      file: diagram.file,
      ...(element?.id ? { elementId: element.id } : {}),
      rule: `contract/${rule}`,
      message,
      severity: 'error',
    });
  };

  const platformAttributes = diagram.definitions.$attrs;
  const platform = platformAttributes['modeler:executionPlatform'];
  const platformVersion = platformAttributes['modeler:executionPlatformVersion'];
  if (platform !== CAMUNDA_EXECUTION_PLATFORM || platformVersion !== CAMUNDA_PLATFORM_VERSION) {
    problems.push(platformMismatch(diagram.file, `${platform ?? '-'} ${platformVersion ?? '-'}`));
  }

  for (const element of collectElements(diagram.definitions)) {
    switch (element.$type) {
      case 'bpmn:Process': {
        if (element.get('isExecutable') === true && element.id && !knownProcessIds.has(element.id)) {
          report(element, 'process-id', `流程 id "${element.id}" 未在 workers/contract.ts 的 ProcessId 中登记 / process id "${element.id}" is not declared in ProcessId (workers/contract.ts)`);
        }
        break;
      }
      case 'bpmn:UserTask': {
        if (extensionsOf(element, 'zeebe:FormDefinition').length === 0) {
          report(element, 'user-task-form', '用户任务须关联 processes/forms 中的表单 / a user task must link a form of processes/forms');
        }
        const assignments = extensionsOf(element, 'zeebe:AssignmentDefinition');
        if (!assignments.some((assignment) => stringProperty(assignment, 'candidateGroups')?.trim())) {
          report(element, 'user-task-candidate-group', '用户任务须指定候选组 / a user task must name its candidate groups');
        }
        break;
      }
      case 'bpmn:TimerEventDefinition': {
        for (const property of ['timeDate', 'timeDuration', 'timeCycle']) {
          const expression = element.get(property) as ModdleElement | undefined;
          if (!expression) continue;
          const body = stringProperty(expression, 'body')?.trim() ?? '';
          const reason = literalDeadline(body);
          if (reason) {
            report(
              ownerOf(element) ?? element.$parent,
              'literal-deadline',
              `定时器 ${property} 不得写死期限，须取自辖区配置计算出的流程变量：${reason} / timer ${property} must not be a fixed deadline but a process variable computed from the jurisdiction profile: ${reason}`,
            );
          }
        }
        break;
      }
      case 'zeebe:TaskSchedule': {
        for (const property of ['dueDate', 'followUpDate']) {
          const value = stringProperty(element, property)?.trim();
          const reason = value ? literalDeadline(value) : undefined;
          if (reason) {
            report(
              ownerOf(element),
              'literal-deadline',
              `${property} 不得写死期限，须取自辖区配置计算出的流程变量：${reason} / ${property} must not be a fixed deadline but a process variable computed from the jurisdiction profile: ${reason}`,
            );
          }
        }
        break;
      }
      case 'zeebe:TaskDefinition': {
        const owner = ownerOf(element);
        const jobType = stringProperty(element, 'type');
        if (!jobType) {
          report(owner, 'job-type', '服务任务缺少作业类型 / the task has no job type');
        } else if (isExpression(jobType)) {
          report(owner, 'job-type', `作业类型须为固定值以便核对是否有处理程序 / the job type must be a fixed name so its worker can be checked, got "${jobType}"`);
        } else if (!context.registeredJobTypes.has(jobType)) {
          report(owner, 'job-type', `作业类型 "${jobType}" 没有已注册的处理程序（workers/registry.ts）/ job type "${jobType}" has no registered worker (workers/registry.ts)`);
        }
        break;
      }
      case 'zeebe:FormDefinition': {
        const owner = ownerOf(element);
        const formId = stringProperty(element, 'formId');
        if (!formId) {
          report(owner, 'form-id', '表单须用 formId 关联 processes/forms 中的表单 / link the form by formId to a form in processes/forms');
        } else if (isExpression(formId)) {
          report(owner, 'form-id', `formId 须为固定值 / formId must be a fixed id, got "${formId}"`);
        } else if (!context.formIds.has(formId)) {
          report(owner, 'form-id', `表单 "${formId}" 不在 processes/forms/*.form 中 / form "${formId}" is not among processes/forms/*.form`);
        }
        break;
      }
      case 'zeebe:AssignmentDefinition': {
        const candidateGroups = stringProperty(element, 'candidateGroups');
        if (candidateGroups && !isExpression(candidateGroups)) {
          for (const group of candidateGroups.split(',').map((name) => name.trim()).filter(Boolean)) {
            if (!knownCandidateGroups.has(group)) {
              report(ownerOf(element), 'candidate-group', `候选组 "${group}" 未在 CandidateGroup 中登记 / candidate group "${group}" is not declared in CandidateGroup (workers/contract.ts)`);
            }
          }
        }
        break;
      }
      case 'zeebe:CalledElement': {
        const processId = stringProperty(element, 'processId');
        if (processId && !isExpression(processId) && !context.deployedProcessIds.has(processId)) {
          report(ownerOf(element), 'called-process', `调用的流程 "${processId}" 不在本次部署的图中 / called process "${processId}" is not defined by any deployed diagram`);
        }
        break;
      }
      case 'bpmn:Message': {
        const name = stringProperty(element, 'name');
        if (name && !isExpression(name) && !knownMessageNames.has(name)) {
          report(element, 'message-name', `消息 "${name}" 未在 MessageName 中登记 / message "${name}" is not declared in MessageName (workers/contract.ts)`);
        }
        break;
      }
      case 'bpmn:Signal': {
        const name = stringProperty(element, 'name');
        if (name && !isExpression(name) && !knownSignalNames.has(name)) {
          report(element, 'signal-name', `信号 "${name}" 未在 SignalName 中登记 / signal "${name}" is not declared in SignalName (workers/contract.ts)`);
        }
        break;
      }
      case 'bpmn:Error': {
        const errorCode = stringProperty(element, 'errorCode');
        if (errorCode && !isExpression(errorCode) && !knownBpmnErrorCodes.has(errorCode)) {
          report(element, 'error-code', `错误码 "${errorCode}" 未在 BpmnErrorCode 中登记 / error code "${errorCode}" is not declared in BpmnErrorCode (workers/contract.ts)`);
        }
        break;
      }
      default:
        break;
    }
  }
  return problems;
}

/**
 * A resource that declares another platform is linted and opened in the
 * modeler against the wrong rules; a warning, because the engine ignores it.
 */
function platformMismatch(file: string, declared: string): ResourceProblem {
  return {
    file,
    rule: 'contract/platform-version',
    message:
      `声明的平台为 "${declared}"，目标平台为 "${CAMUNDA_EXECUTION_PLATFORM} ${CAMUNDA_PLATFORM_VERSION}" / ` +
      `declares "${declared}" but the target platform is "${CAMUNDA_EXECUTION_PLATFORM} ${CAMUNDA_PLATFORM_VERSION}" (workers/contract.ts)`,
    severity: 'warning',
  };
}

/** Executable process ids per diagram, reporting ids defined by more than one file. */
export function collectProcessIds(diagrams: readonly ParsedDiagram[]): { ids: ReadonlySet<string>; problems: ResourceProblem[] } {
  const definedIn = new Map<string, string>();
  const problems: ResourceProblem[] = [];
  for (const diagram of diagrams) {
    if (!diagram.definitions) continue;
    for (const root of (diagram.definitions.get('rootElements') as ModdleElement[] | undefined) ?? []) {
      if (root.$type !== 'bpmn:Process' || !root.id) continue;
      const earlier = definedIn.get(root.id);
      if (earlier !== undefined) {
        problems.push({
          file: diagram.file,
          elementId: root.id,
          rule: 'contract/duplicate-process-id',
          message: `流程 id "${root.id}" 已在 ${earlier} 中定义 / process id "${root.id}" is already defined in ${earlier}`,
          severity: 'error',
        });
      } else {
        definedIn.set(root.id, diagram.file);
      }
    }
  }
  return { ids: new Set(definedIn.keys()), problems };
}

/** Form ids, reporting duplicates and ids the contract does not name. */
export function checkFormsContract(forms: readonly ParsedForm[]): { ids: ReadonlySet<string>; problems: ResourceProblem[] } {
  const definedIn = new Map<string, string>();
  const problems: ResourceProblem[] = forms.flatMap((form) => form.problems);
  for (const form of forms) {
    if (form.formId === undefined) continue;
    const earlier = definedIn.get(form.formId);
    if (earlier !== undefined) {
      problems.push({
        file: form.file,
        rule: 'contract/duplicate-form-id',
        message: `表单 id "${form.formId}" 已在 ${earlier} 中使用 / form id "${form.formId}" is already used by ${earlier}`,
        severity: 'error',
      });
      continue;
    }
    definedIn.set(form.formId, form.file);
    if (form.executionPlatform !== CAMUNDA_EXECUTION_PLATFORM || form.executionPlatformVersion !== CAMUNDA_PLATFORM_VERSION) {
      problems.push(platformMismatch(form.file, `${form.executionPlatform ?? '-'} ${form.executionPlatformVersion ?? '-'}`));
    }
    if (!knownFormIds.has(form.formId)) {
      problems.push({
        file: form.file,
        rule: 'contract/form-id',
        message: `表单 id "${form.formId}" 未在 FormId 中登记 / form id "${form.formId}" is not declared in FormId (workers/contract.ts)`,
        severity: 'error',
      });
    }
  }
  return { ids: new Set(definedIn.keys()), problems };
}

/** All contract problems of a set of diagrams and forms deployed together. */
export function checkContract(
  diagrams: readonly ParsedDiagram[],
  forms: readonly ParsedForm[],
  registeredJobTypes: ReadonlySet<string>,
): ResourceProblem[] {
  const processes = collectProcessIds(diagrams);
  const formCheck = checkFormsContract(forms);
  const context: ContractContext = { registeredJobTypes, formIds: formCheck.ids, deployedProcessIds: processes.ids };
  return [...formCheck.problems, ...processes.problems, ...diagrams.flatMap((diagram) => checkDiagramContract(diagram, context))];
}
