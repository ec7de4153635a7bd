/**
 * Checks that diagrams and forms only use names the product implements, in
 * the Camunda 7 dialect Operaton executes: every service task is an external
 * task whose topic a registered worker serves, every user task names known
 * candidate groups and links a form of processes/forms, every process keeps
 * its history for the contract's time-to-live, deadlines come from process
 * data, and process ids, messages, signals and error codes are those of
 * workers/contract.ts. Elements of another dialect (another engine's
 * extension namespace, FEEL `=` expressions) are named with file and element.
 * A deployment that passes cannot strand an instance on a task nobody serves,
 * and cannot call arbitrary Java: no scripts, no Java class or delegate named by
 * the diagram, and JUEL that calls only the registered beans, the variable
 * methods and a few value methods (deploy/expression-sandbox.ts; the engine
 * enforces the same again, cn.anquan.engine.sandbox).
 */
import type { ModdleElement } from 'bpmn-moddle';
import {
  EXECUTION_PLATFORM,
  EXECUTION_PLATFORM_VERSION,
  HISTORY_TIME_TO_LIVE_DAYS,
  knownBpmnErrorCodes,
  knownEscalationCodes,
  knownCandidateGroups,
  knownFormIds,
  knownMessageNames,
  knownProcessIds,
  knownSignalNames,
  ATTACHMENT_KINDS,
  AttachmentProperty,
  attachmentKindsOf,
} from '../workers/contract.ts';
import { checkExpressionText } from './expression-sandbox.ts';
import { CAMUNDA_NAMESPACE, type ParsedDiagram, type ParsedForm, type ResourceProblem } from './project-files.ts';

export interface ContractContext {
  /** External-task topics that workers/registry.ts serves. */
  readonly registeredJobTypes: ReadonlySet<string>;
  /** Form ids deployed alongside the diagrams. */
  readonly formIds: ReadonlySet<string>;
  /** Process ids defined by all diagrams being deployed (targets for call activities). */
  readonly deployedProcessIds: ReadonlySet<string>;
}

/**
 * The XML namespaces a diagram may use: BPMN with its diagram interchange,
 * the Camunda 7 extensions, the modeler's platform attributes and bpmn-js colours.
 */
const ALLOWED_NAMESPACES: ReadonlySet<string> = new Set([
  'http://www.omg.org/spec/BPMN/20100524/MODEL',
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
  'http://www.omg.org/spec/DD/20100524/DI',
  'http://www.w3.org/2001/XMLSchema-instance',
  'http://www.w3.org/2001/XMLSchema',
  CAMUNDA_NAMESPACE,
  'http://camunda.org/schema/modeler/1.0',
  'http://bpmn.io/schema/bpmn/biocolor/1.0',
  'http://www.omg.org/spec/BPMN/non-normative/color/1.0',
]);

/** Values of `camunda:formRefBinding` that keep working when only changed resources are redeployed. */
const FORM_REF_BINDINGS: ReadonlySet<string> = new Set(['latest', 'version']);

/** Visits every model element reachable from `root` once (references included, cycles cut). */
function collectElements(root: ModdleElement): ModdleElement[] {
  const seen = new Set<ModdleElement>();
  const pending: ModdleElement[] = [root];
  while (pending.length > 0) {
    const element = pending.pop() as ModdleElement;
    if (seen.has(element)) continue;
    seen.add(element);
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$') && key !== '$children') continue;
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

/** Parts of an element that are not themselves what a person selects in the modeler. */
function isPart(element: ModdleElement): boolean {
  const type = element.$type;
  return (
    !element.id ||
    type === 'bpmn:ExtensionElements' ||
    type.endsWith('EventDefinition') ||
    type === 'bpmn:MultiInstanceLoopCharacteristics' ||
    type === 'bpmn:FormalExpression' ||
    type === 'bpmn:Expression' ||
    !type.startsWith('bpmn:')
  );
}

/** The BPMN element (task, event, flow, process …) an extension element, expression or event definition belongs to. */
function ownerOf(element: ModdleElement): ModdleElement | undefined {
  let current = element.$parent;
  while (current && isPart(current)) current = current.$parent;
  return current;
}

function stringProperty(element: ModdleElement, property: string): string | undefined {
  const value = element.get(property);
  return typeof value === 'string' ? value : undefined;
}

/** A JUEL expression (`${…}` or `#{…}`), possibly inside composite text. */
function isExpression(value: string): boolean {
  return /[$#]\{/.test(value);
}

/** A FEEL expression as the previous engine read them. */
function isFeel(value: string): boolean {
  return value.trim().startsWith('=');
}

/**
 * A quoted ISO 8601 duration, cycle or date inside an expression: `${plan.dueAt}`
 * comes from the process data, `${'P5D'}` is a deadline written into the
 * diagram after all.
 */
const QUOTED_TIME_LITERAL = /["'](?:R\d*\/|P(?:\d|T\d)|\d{4}-\d{2}-\d{2})/;

/** Why a timer or due-date value is a literal deadline, or undefined when it comes from the process data. */
function literalDeadline(value: string): string | undefined {
  if (!isExpression(value)) return `"${value}" 是固定值 / "${value}" is a literal`;
  if (QUOTED_TIME_LITERAL.test(value)) return `"${value}" 含固定的时间值 / "${value}" contains a literal time value`;
  return undefined;
}

function extensionValues(element: ModdleElement): ModdleElement[] {
  const extensionElements = element.get('extensionElements') as ModdleElement | undefined;
  return (extensionElements?.get('values') as ModdleElement[] | undefined) ?? [];
}

const ATTACHMENT_PROPERTY_NAMES: ReadonlySet<string> = new Set(Object.values(AttachmentProperty));

/** Expected attachments name kinds of ATTACHMENT_KINDS: the engine and the workbench match uploads by those labels. */
function checkAttachmentProperties(element: ModdleElement, report: Report): void {
  const properties = extensionValues(element)
    .filter((value) => value.$type === 'camunda:Properties')
    .flatMap((value) => (value.get('values') as ModdleElement[] | undefined) ?? []);
  for (const property of properties) {
    const name = stringProperty(property, 'name') ?? '';
    if (!ATTACHMENT_PROPERTY_NAMES.has(name)) continue;
    const kinds = attachmentKindsOf(stringProperty(property, 'value'));
    if (kinds.length === 0) {
      report(element, 'attachment-kind', `${name} 未列出附件种类 / ${name} lists no attachment kind`);
    }
    for (const kind of kinds) {
      if (!(ATTACHMENT_KINDS as readonly string[]).includes(kind)) {
        report(
          element,
          'attachment-kind',
          `附件种类 "${kind}" 未在 ATTACHMENT_KINDS 中登记（可用：${ATTACHMENT_KINDS.join('、')}） / attachment kind "${kind}" is not declared in ATTACHMENT_KINDS (workers/contract.ts)`,
        );
      }
    }
  }
}

/** The XML namespace (URI) of a generic element, one that no loaded moddle descriptor knows. */
function namespaceOfGeneric(element: ModdleElement): string | undefined {
  const descriptor = (element as { $descriptor?: { ns?: { uri?: string } } }).$descriptor;
  return descriptor?.ns?.uri;
}

/** String properties of an element that the Camunda 7 extensions define (attributes and bodies alike). */
function camundaStringValues(element: ModdleElement): Array<[name: string, value: string]> {
  const descriptor = (element as { $descriptor?: { properties?: ReadonlyArray<{ name: string; type: string; isReference?: boolean; ns?: { prefix?: string } }> } })
    .$descriptor;
  const ownType = element.$type.startsWith('camunda:');
  const values: Array<[string, string]> = [];
  for (const property of descriptor?.properties ?? []) {
    if (property.type !== 'String' || property.isReference) continue;
    if (!ownType && property.ns?.prefix !== 'camunda') continue;
    const value = element.get(property.name);
    if (typeof value === 'string') values.push([property.name, value]);
  }
  return values;
}

/**
 * Every text of an element that the engine may evaluate as JUEL: all its string properties, BPMN
 * and Camunda alike (attributes, expression bodies, input/output values, documentation, which a
 * user task shows as its description). A text without `${`/`#{` is not an expression.
 */
function expressionCandidates(element: ModdleElement): Array<[name: string, value: string]> {
  const descriptor = (element as { $descriptor?: { properties?: ReadonlyArray<{ name: string; type: string; isReference?: boolean }> } }).$descriptor;
  const values: Array<[string, string]> = [];
  for (const property of descriptor?.properties ?? []) {
    if (property.type !== 'String' || property.isReference) continue;
    const value = element.get(property.name);
    if (typeof value === 'string' && isExpression(value)) values.push([property.name, value]);
  }
  return values;
}

/**
 * Attributes that make the engine run Java named by the diagram: a class it instantiates, or a
 * bean a delegate expression resolves to. On service-like tasks the job-type rule reports them.
 */
const JAVA_DELEGATE_PROPERTIES = ['class', 'delegateExpression', 'variableMappingClass', 'variableMappingDelegateExpression'] as const;

const SERVICE_TASK_LIKE = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:MessageEventDefinition']);

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
  if (platform !== EXECUTION_PLATFORM || platformVersion !== EXECUTION_PLATFORM_VERSION) {
    problems.push(platformMismatch(diagram.file, `${platform ?? '-'} ${platformVersion ?? '-'}`));
  }

  // Namespaces by prefix, as declared anywhere in the file (in practice on bpmn:definitions).
  const elements = collectElements(diagram.definitions);
  const namespaces = new Map<string, string>();
  for (const element of elements) {
    for (const [attribute, value] of Object.entries(element.$attrs ?? {})) {
      if (attribute.startsWith('xmlns:')) namespaces.set(attribute.slice('xmlns:'.length), value);
    }
  }
  const foreignPrefixes = new Set([...namespaces].filter(([, uri]) => !ALLOWED_NAMESPACES.has(uri)).map(([prefix]) => prefix));
  for (const prefix of foreignPrefixes) {
    report(
      undefined,
      'dialect',
      `命名空间 ${prefix}（${namespaces.get(prefix)}）不属于 Operaton 执行的 Camunda 7 方言，其扩展不会被执行；请改用 camunda:（${CAMUNDA_NAMESPACE}）/ ` +
        `namespace ${prefix} (${namespaces.get(prefix)}) is not part of the Camunda 7 dialect Operaton executes, its extensions would be ignored; use camunda: (${CAMUNDA_NAMESPACE})`,
    );
  }
  const foreignPrefixOf = (name: string): string | undefined => {
    const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
    return prefix !== undefined && prefix !== 'xmlns' && foreignPrefixes.has(prefix) ? prefix : undefined;
  };

  for (const element of elements) {
    // Another dialect's attributes and extension elements, named on the element that carries them.
    const foreign = [
      ...Object.keys(element.$attrs ?? {}).filter((attribute) => foreignPrefixOf(attribute)),
      ...extensionValues(element)
        .filter((value) => {
          const uri = namespaceOfGeneric(value);
          return uri !== undefined && !ALLOWED_NAMESPACES.has(uri);
        })
        .map((value) => `<${value.$type}>`),
    ];
    if (foreign.length > 0 && element.$type !== 'bpmn:Definitions') {
      report(
        isPart(element) ? ownerOf(element) : element,
        'dialect',
        `${foreign.join('、')} 不属于 Camunda 7 方言，Operaton 不会执行 / ${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not part of the Camunda 7 dialect; Operaton would ignore ${foreign.length > 1 ? 'them' : 'it'}`,
      );
    }

    // FEEL expressions: Operaton evaluates JUEL only and would take `=…` as literal text.
    const expressionTexts: Array<[where: string, value: string]> = [];
    if (element.$type === 'bpmn:FormalExpression' || element.$type === 'bpmn:Expression') {
      const body = stringProperty(element, 'body');
      if (body !== undefined) expressionTexts.push([element.$parent?.$type ?? 'expression', body]);
    }
    for (const [name, value] of camundaStringValues(element)) expressionTexts.push([`${element.$type}.${name}`, value]);
    for (const [where, value] of expressionTexts) {
      if (!isFeel(value)) continue;
      report(
        isPart(element) ? ownerOf(element) : element,
        'feel-expression',
        `${where} 的值 "${value.trim().slice(0, 80)}" 是 FEEL 表达式；Operaton 只计算 JUEL，请改写为 \${…} / ` +
          `the value "${value.trim().slice(0, 80)}" of ${where} is a FEEL expression; Operaton evaluates JUEL only, rewrite it as \${…}`,
      );
    }

    // The expression sandbox: JUEL may call only the registered beans, the variable methods and a few value methods.
    for (const [, value] of expressionCandidates(element)) {
      if (isFeel(value)) continue; // reported above
      for (const violation of checkExpressionText(value)) report(isPart(element) ? ownerOf(element) : element, violation.rule, violation.message);
    }

    // Java named by the diagram: listeners, call-activity variable mappings (service-like tasks: job-type below).
    if (!SERVICE_TASK_LIKE.has(element.$type)) {
      for (const property of JAVA_DELEGATE_PROPERTIES) {
        const value = stringProperty(element, element.$type.startsWith('camunda:') ? property : `camunda:${property}`);
        if (value === undefined) continue;
        report(
          isPart(element) ? ownerOf(element) : element,
          'java-class',
          `不得指定 Java 类或委托（${property}="${value}"）：引擎不执行图中指定的 Java，请用外部任务或 JUEL 表达式 / ` +
            `must not name a Java class or delegate (${property}="${value}"): the engine runs no Java named by a diagram; use an external task or a JUEL expression`,
        );
      }
    }

    if (SERVICE_TASK_LIKE.has(element.$type)) checkImplementation(element, context, report);

    switch (element.$type) {
      case 'bpmn:Process': {
        if (element.get('isExecutable') !== true) break;
        if (element.id && !knownProcessIds.has(element.id)) {
          report(element, 'process-id', `流程 id "${element.id}" 未在 workers/contract.ts 的 ProcessId 中登记 / process id "${element.id}" is not declared in ProcessId (workers/contract.ts)`);
        }
        const timeToLive = stringProperty(element, 'camunda:historyTimeToLive')?.trim();
        if (timeToLive !== String(HISTORY_TIME_TO_LIVE_DAYS)) {
          report(
            element,
            'history-time-to-live',
            `流程须设 camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}"（HISTORY_TIME_TO_LIVE_DAYS，workers/contract.ts），现为 ${timeToLive ? `"${timeToLive}"` : '未设置'} / ` +
              `the process must set camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}" (HISTORY_TIME_TO_LIVE_DAYS, workers/contract.ts), it ${timeToLive ? `is "${timeToLive}"` : 'is not set'}`,
          );
        }
        break;
      }
      case 'bpmn:UserTask': {
        checkForm(element, context, report, true);
        checkAttachmentProperties(element, report);
        const candidateGroups = stringProperty(element, 'camunda:candidateGroups')?.trim();
        if (!candidateGroups) {
          report(element, 'user-task-candidate-group', '用户任务须用 camunda:candidateGroups 指定候选组 / a user task must name its candidate groups in camunda:candidateGroups');
        } else if (!isExpression(candidateGroups)) {
          for (const group of candidateGroups.split(',').map((name) => name.trim()).filter(Boolean)) {
            if (!knownCandidateGroups.has(group)) {
              report(element, 'candidate-group', `候选组 "${group}" 未在 CandidateGroup 中登记 / candidate group "${group}" is not declared in CandidateGroup (workers/contract.ts)`);
            }
          }
        }
        for (const property of ['dueDate', 'followUpDate']) {
          const value = stringProperty(element, `camunda:${property}`)?.trim();
          const reason = value && !isFeel(value) ? literalDeadline(value) : undefined;
          if (reason) {
            report(
              element,
              'literal-deadline',
              `camunda:${property} 不得写死期限，须取自辖区配置计算出的流程变量：${reason} / camunda:${property} must not be a fixed deadline but a process variable computed from the jurisdiction profile: ${reason}`,
            );
          }
        }
        break;
      }
      case 'bpmn:StartEvent': {
        if (stringProperty(element, 'camunda:formRef') || stringProperty(element, 'camunda:formKey')) checkForm(element, context, report, false);
        break;
      }
      case 'bpmn:TimerEventDefinition': {
        for (const property of ['timeDate', 'timeDuration', 'timeCycle']) {
          const expression = element.get(property) as ModdleElement | undefined;
          if (!expression) continue;
          const body = stringProperty(expression, 'body')?.trim() ?? '';
          if (isFeel(body)) continue; // reported above
          const reason = literalDeadline(body);
          if (reason) {
            report(
              ownerOf(element),
              'literal-deadline',
              `定时器 ${property} 不得写死期限，须取自辖区配置计算出的流程变量：${reason} / timer ${property} must not be a fixed deadline but a process variable computed from the jurisdiction profile: ${reason}`,
            );
          }
        }
        break;
      }
      case 'bpmn:SequenceFlow': {
        const condition = element.get('conditionExpression') as ModdleElement | undefined;
        const body = condition ? (stringProperty(condition, 'body')?.trim() ?? '') : undefined;
        if (condition && body !== undefined && !isFeel(body)) {
          if (stringProperty(condition, 'language')) {
            report(element, 'script', `条件不得使用脚本，请用 JUEL \${…} / a condition must not be a script; use JUEL \${…}`);
          } else if (!isExpression(body)) {
            report(element, 'condition-expression', `条件 "${body}" 须为 JUEL 表达式 \${…} / the condition "${body}" must be a JUEL expression \${…}`);
          }
        }
        break;
      }
      case 'bpmn:FormalExpression': {
        // A script condition elsewhere than on a sequence flow (reported there): completion conditions, conditional events.
        if (element.$parent?.$type !== 'bpmn:SequenceFlow' && stringProperty(element, 'language')) {
          report(ownerOf(element), 'script', `条件不得使用脚本，请用 JUEL \${…} / a condition must not be a script; use JUEL \${…}`);
        }
        break;
      }
      case 'bpmn:ScriptTask':
      case 'camunda:Script': {
        report(
          isPart(element) ? ownerOf(element) : element,
          'script',
          '不支持脚本（引擎不执行图中的脚本），请用外部任务或 JUEL 表达式 / scripts are not supported (the engine runs no scripts from diagrams); use an external task or a JUEL expression',
        );
        break;
      }
      case 'bpmn:CallActivity': {
        const processId = stringProperty(element, 'calledElement')?.trim();
        if (!processId) {
          report(element, 'called-process', '调用活动须用 calledElement 指定流程 / a call activity must name its process in calledElement');
        } else if (!isExpression(processId) && !context.deployedProcessIds.has(processId)) {
          report(element, 'called-process', `调用的流程 "${processId}" 不在本次部署的图中 / called process "${processId}" is not defined by any deployed diagram`);
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
        const name = stringProperty(element, 'name')?.trim();
        if (!name) {
          report(element, 'signal-name', '信号须有名称，且在 SignalName 中登记 / a signal needs a name declared in SignalName (workers/contract.ts)');
        } else if (!isExpression(name) && !knownSignalNames.has(name)) {
          report(element, 'signal-name', `信号 "${name}" 未在 SignalName 中登记 / signal "${name}" is not declared in SignalName (workers/contract.ts)`);
        }
        break;
      }
      case 'bpmn:SignalEventDefinition': {
        // Every signal event names a declared bpmn:signal, whose name the case above checks against the contract.
        if (element.get('signalRef') === undefined) {
          report(
            ownerOf(element),
            'signal-name',
            '信号事件须引用已声明的信号（signalRef），其名称在 SignalName 中登记 / a signal event must reference a declared signal (signalRef) whose name is in SignalName (workers/contract.ts)',
          );
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
      case 'bpmn:Escalation': {
        const escalationCode = stringProperty(element, 'escalationCode');
        if (escalationCode && !isExpression(escalationCode) && !knownEscalationCodes.has(escalationCode)) {
          report(element, 'escalation-code', `升级码 "${escalationCode}" 未在 EscalationCode 中登记 / escalation code "${escalationCode}" is not declared in EscalationCode (workers/contract.ts)`);
        }
        break;
      }
      default:
        break;
    }
  }
  checkEscalationCatchers(elements, knownEscalationCodes, report);
  return problems;
}

/** The catchers of an escalation thrown inside `scope`: boundary events on it and escalation start events of its event sub-processes. */
function escalationCatchersOf(scope: ModdleElement): ModdleElement[] {
  const siblings = (scope.$parent?.get('flowElements') as ModdleElement[] | undefined) ?? [];
  const boundaries = siblings.filter((element) => element.$type === 'bpmn:BoundaryEvent' && element.get('attachedToRef') === scope);
  const inner = (scope.get('flowElements') as ModdleElement[] | undefined) ?? [];
  const starts = inner
    .filter((element) => element.$type === 'bpmn:SubProcess' && element.get('triggeredByEvent') === true)
    .flatMap((eventSubProcess) => ((eventSubProcess.get('flowElements') as ModdleElement[] | undefined) ?? []).filter((element) => element.$type === 'bpmn:StartEvent'));
  return [...boundaries, ...starts].filter((event) =>
    ((event.get('eventDefinitions') as ModdleElement[] | undefined) ?? []).some((definition) => definition.$type === 'bpmn:EscalationEventDefinition'),
  );
}

function catchesCode(catcher: ModdleElement, code: string): boolean {
  return ((catcher.get('eventDefinitions') as ModdleElement[] | undefined) ?? []).some((definition) => {
    if (definition.$type !== 'bpmn:EscalationEventDefinition') return false;
    const caught = (definition.get('escalationRef') as ModdleElement | undefined)?.get('escalationCode') as string | undefined;
    // A catcher without a code catches every escalation.
    return caught === undefined || caught === '' || caught === code;
  });
}

function interrupts(catcher: ModdleElement): boolean {
  return catcher.$type === 'bpmn:BoundaryEvent' ? catcher.get('cancelActivity') !== false : catcher.get('isInterrupting') !== false;
}

/**
 * An overdue escalation (EscalationCode) puts the case before the deciding organ while the work goes on: it needs a
 * catcher in an enclosing scope of the same process, and that catcher must not interrupt. The engine ignores an
 * uncaught escalation, so without one the 督办 would silently never happen; an interrupting one would cancel the phase.
 */
function checkEscalationCatchers(elements: readonly ModdleElement[], knownEscalationCodes: ReadonlySet<string>, report: Report): void {
  for (const definition of elements) {
    if (definition.$type !== 'bpmn:EscalationEventDefinition') continue;
    const thrower = definition.$parent;
    if (!thrower || (thrower.$type !== 'bpmn:EndEvent' && thrower.$type !== 'bpmn:IntermediateThrowEvent')) continue;
    const code = (definition.get('escalationRef') as ModdleElement | undefined)?.get('escalationCode') as string | undefined;
    if (!code || isExpression(code) || !knownEscalationCodes.has(code)) continue;
    let catcher: ModdleElement | undefined;
    for (let scope = thrower.$parent; scope && catcher === undefined; scope = scope.$type === 'bpmn:Process' ? undefined : scope.$parent) {
      catcher = escalationCatchersOf(scope).find((candidate) => catchesCode(candidate, code));
    }
    if (catcher === undefined) {
      report(
        thrower,
        'escalation-uncaught',
        `升级事件 ${code} 在本流程中没有接住它的边界事件或事件子流程，引擎会忽略它，督办决定不会发生 / escalation ${code} has no boundary event or event sub-process in an enclosing scope to catch it; the engine would ignore it and no 督办 decision would follow`,
      );
    } else if (interrupts(catcher)) {
      report(
        catcher,
        'escalation-interrupting',
        `逾期升级事件 ${code} 须由非中断事件接住：提请督办决定不得中断正在办理的阶段 / the overdue escalation ${code} must be caught by a non-interrupting event: putting the case before the deciding organ must not cancel the phase at work`,
      );
    }
  }
}

type Report = (element: ModdleElement | undefined, rule: string, message: string) => void;

/**
 * Service, send and business rule tasks and message throw events: an
 * external task (`camunda:type="external"`) whose topic a worker serves. A
 * JUEL `camunda:expression` is allowed; Java delegates and connectors are not,
 * since the engine app carries none.
 */
function checkImplementation(element: ModdleElement, context: ContractContext, report: Report): void {
  const owner = element.$type === 'bpmn:MessageEventDefinition' ? ownerOf(element) : element;
  const type = stringProperty(element, 'camunda:type')?.trim();
  const topic = stringProperty(element, 'camunda:topic')?.trim();
  const javaDelegate = stringProperty(element, 'camunda:class') ?? stringProperty(element, 'camunda:delegateExpression');
  const connector = extensionValues(element).some((value) => value.$type === 'camunda:Connector');
  const expression = stringProperty(element, 'camunda:expression');
  if (type === undefined) {
    if (javaDelegate !== undefined || connector) {
      report(
        owner,
        'job-type',
        '须为外部任务（camunda:type="external" 和 camunda:topic）：引擎应用中没有 Java 委托或连接器 / must be an external task (camunda:type="external" with camunda:topic): the engine app has no Java delegates or connectors',
      );
    } else if (expression === undefined && (element.$type === 'bpmn:ServiceTask' || element.$type === 'bpmn:SendTask')) {
      report(
        owner,
        'job-type',
        '服务任务缺少实现：须为外部任务 camunda:type="external"，并用 camunda:topic 指定作业类型 / the task has no implementation: make it an external task, camunda:type="external", with its job type in camunda:topic',
      );
    }
    return;
  }
  if (type !== 'external') {
    report(owner, 'job-type', `camunda:type 须为 "external"，现为 "${type}" / camunda:type must be "external", got "${type}"`);
    return;
  }
  if (!topic) {
    report(owner, 'job-type', '外部任务缺少作业类型 camunda:topic / the external task has no job type in camunda:topic');
  } else if (isExpression(topic) || isFeel(topic)) {
    report(owner, 'job-type', `作业类型须为固定值以便核对是否有处理程序 / the job type must be a fixed name so its worker can be checked, got "${topic}"`);
  } else if (!context.registeredJobTypes.has(topic)) {
    report(owner, 'job-type', `作业类型 "${topic}" 没有已注册的处理程序（workers/registry.ts）/ job type "${topic}" has no registered worker (workers/registry.ts)`);
  }
}

/**
 * The Camunda Form a user task (required) or start event (when it has one)
 * links: `camunda:formRef` naming a form of processes/forms, with a binding
 * that still finds the form after a deployment of only the changed files.
 */
function checkForm(element: ModdleElement, context: ContractContext, report: Report, required: boolean): void {
  const formRef = stringProperty(element, 'camunda:formRef')?.trim();
  const formKey = stringProperty(element, 'camunda:formKey')?.trim();
  if (!formRef) {
    if (formKey) {
      report(
        element,
        'user-task-form',
        `请用 camunda:formRef 关联 processes/forms 中的表单，而非 camunda:formKey="${formKey}"（Tasklist 不显示 camunda-forms: 形式）/ ` +
          `link a form of processes/forms with camunda:formRef instead of camunda:formKey="${formKey}" (Tasklist does not render camunda-forms: keys)`,
      );
    } else if (required) {
      report(element, 'user-task-form', '用户任务须用 camunda:formRef 关联 processes/forms 中的表单 / a user task must link a form of processes/forms with camunda:formRef');
    }
    return;
  }
  if (isExpression(formRef) || isFeel(formRef)) {
    report(element, 'form-id', `camunda:formRef 须为固定的表单 id / camunda:formRef must be a fixed form id, got "${formRef}"`);
  } else if (!context.formIds.has(formRef)) {
    report(element, 'form-id', `表单 "${formRef}" 不在 processes/forms/*.form 中 / form "${formRef}" is not among processes/forms/*.form`);
  }
  const binding = stringProperty(element, 'camunda:formRefBinding')?.trim();
  if (!binding || !FORM_REF_BINDINGS.has(binding)) {
    report(
      element,
      'form-ref-binding',
      `camunda:formRefBinding 须为 "latest"${binding ? `，现为 "${binding}"` : '（未设置）'}：部署只含有改动的文件，"deployment" 会在只改流程图后找不到表单 / ` +
        `camunda:formRefBinding must be "latest"${binding ? `, got "${binding}"` : ' (not set)'}: a deployment carries only the changed files, so with "deployment" a task finds no form once only its diagram changed`,
    );
  } else if (binding === 'version' && !stringProperty(element, 'camunda:formRefVersion')?.trim()) {
    report(element, 'form-ref-binding', 'camunda:formRefBinding="version" 须同时设置 camunda:formRefVersion / camunda:formRefBinding="version" needs camunda:formRefVersion');
  }
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
      `声明的平台为 "${declared}"，目标平台为 "${EXECUTION_PLATFORM} ${EXECUTION_PLATFORM_VERSION}" / ` +
      `declares "${declared}" but the target platform is "${EXECUTION_PLATFORM} ${EXECUTION_PLATFORM_VERSION}" (workers/contract.ts)`,
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
    if (form.executionPlatform !== EXECUTION_PLATFORM || form.executionPlatformVersion !== EXECUTION_PLATFORM_VERSION) {
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
