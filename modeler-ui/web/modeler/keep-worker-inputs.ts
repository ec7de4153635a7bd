/**
 * Applying a worker's element template to a task that already calls the same
 * worker (same `camunda:topic`) keeps the task's input mappings: the Camunda 7
 * template handler would otherwise replace every `camunda:inputParameter`
 * with the template's empty or default value. Mappings of inputs the worker
 * no longer reads are dropped, as the template says. Undo takes back the
 * template and the kept mappings in one step.
 */
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type EventBus from 'diagram-js/lib/core/EventBus';

interface ModdleElement {
  readonly $type: string;
  $parent?: ModdleElement;
  get(name: string): unknown;
}

interface InputParameter extends ModdleElement {
  readonly name: string;
}

interface TemplateLike {
  readonly properties?: ReadonlyArray<{ readonly value?: unknown; readonly binding?: { readonly type?: string; readonly name?: string } }>;
}

interface ChangeTemplateContext {
  readonly element: { readonly businessObject: ModdleElement };
  readonly oldTemplate?: TemplateLike | null;
  readonly newTemplate?: TemplateLike | null;
  keptInputs?: ReadonlyMap<string, InputParameter>;
}

const CHANGE_TEMPLATE = 'propertiesPanel.camunda.changeTemplate';

function inputOutputOf(businessObject: ModdleElement): ModdleElement | undefined {
  const extensionElements = businessObject.get('extensionElements') as ModdleElement | undefined;
  const values = (extensionElements?.get('values') as ModdleElement[] | undefined) ?? [];
  return values.find((value) => value.$type === 'camunda:InputOutput');
}

function templateTopic(template: TemplateLike | null | undefined): unknown {
  return template?.properties?.find((property) => property.binding?.type === 'property' && property.binding.name === 'camunda:topic')?.value;
}

export class KeepWorkerInputs extends CommandInterceptor {
  static override $inject = ['eventBus', 'commandStack'];

  constructor(eventBus: EventBus, commandStack: CommandStack) {
    super(eventBus);

    this.preExecute(CHANGE_TEMPLATE, 2000, (event: { context: ChangeTemplateContext }) => {
      const { context } = event;
      // From one version of a template to another the handler itself keeps what the user changed.
      if (context.oldTemplate || !context.newTemplate) return;
      const businessObject = context.element.businessObject;
      const topic = templateTopic(context.newTemplate);
      if (topic === undefined || businessObject.get('camunda:type') !== 'external' || businessObject.get('camunda:topic') !== topic) return;
      const inputs = (inputOutputOf(businessObject)?.get('inputParameters') as InputParameter[] | undefined) ?? [];
      if (inputs.length > 0) context.keptInputs = new Map(inputs.map((input) => [input.name, input]));
    });

    this.postExecuted(CHANGE_TEMPLATE, (event: { context: ChangeTemplateContext }) => {
      const { context } = event;
      const kept = context.keptInputs;
      if (!kept) return;
      const inputOutput = inputOutputOf(context.element.businessObject);
      const current = (inputOutput?.get('inputParameters') as InputParameter[] | undefined) ?? [];
      if (!inputOutput || !current.some((input) => kept.has(input.name))) return;
      const merged = current.map((input) => {
        const previous = kept.get(input.name);
        if (!previous) return input;
        previous.$parent = inputOutput;
        return previous;
      });
      commandStack.execute('element.updateModdleProperties', {
        element: context.element,
        moddleElement: inputOutput,
        properties: { inputParameters: merged },
      });
    });
  }
}

export default {
  __init__: ['keepWorkerInputs'],
  keepWorkerInputs: ['type', KeepWorkerInputs],
};
