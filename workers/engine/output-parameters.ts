/**
 * Which activities of a deployed process declare `camunda:outputParameter`.
 *
 * Workers complete a task whose activity has output parameters with
 * `localVariables`, so only what those parameters map reaches the process
 * (output mappings replace propagation); otherwise with `variables`, which propagate
 * upwards. Only the deployed XML says which case applies, so it is read once
 * per process definition id (a deployed definition never changes) and kept.
 */
import { Parser } from 'saxen';
import type { EngineRestClient } from './rest-client.ts';

const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Operaton reads both extension namespaces, even mixed in one file. */
const EXTENSION_NAMESPACES = ['http://camunda.org/schema/1.0/bpmn', 'http://operaton.org/schema/1.0/bpmn'];

/** The XML could not be read, so the completion scope is unknown. */
export class ProcessXmlError extends Error {
  constructor(detail: string) {
    super(`无法解析已部署的流程 XML / cannot parse the deployed process XML: ${detail}`);
    this.name = 'ProcessXmlError';
  }
}

/**
 * Ids of the elements whose own `bpmn:extensionElements/camunda:inputOutput`
 * holds at least one `camunda:outputParameter` (a connector's input/output or
 * a nested activity's does not count for its parent).
 */
export function activitiesWithOutputParameters(xml: string): ReadonlySet<string> {
  const parser = new Parser();
  parser.ns({ [BPMN_MODEL_NS]: 'bpmn', ...Object.fromEntries(EXTENSION_NAMESPACES.map((uri) => [uri, 'camunda'])) });
  const stack: { readonly name: string; readonly id: string | undefined }[] = [];
  const found = new Set<string>();
  let failure: Error | undefined;

  parser.on('openTag', (name, attrs, _decode, selfClosing) => {
    if (name === 'camunda:outputParameter') {
      const [owner, extensionElements, inputOutput] = stack.slice(-3);
      if (inputOutput?.name === 'camunda:inputOutput' && extensionElements?.name === 'bpmn:extensionElements' && owner?.id !== undefined) {
        found.add(owner.id);
      }
    }
    if (!selfClosing) stack.push({ name, id: attrs()['id'] });
  });
  parser.on('closeTag', (_name, _decode, selfClosing) => {
    if (!selfClosing) stack.pop();
  });
  parser.on('error', (error) => {
    failure ??= error;
    parser.stop();
  });
  const result = parser.parse(xml);
  if (failure ?? result) throw new ProcessXmlError((failure ?? result)?.message ?? 'unknown error');
  return found;
}

/** Caches {@link activitiesWithOutputParameters} per process definition id, fetching each XML once. */
export class OutputParameterIndex {
  readonly #client: Pick<EngineRestClient, 'processDefinitionXml'>;
  readonly #byDefinition = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(client: Pick<EngineRestClient, 'processDefinitionXml'>) {
    this.#client = client;
  }

  async hasOutputParameters(processDefinitionId: string, activityId: string): Promise<boolean> {
    let activities = this.#byDefinition.get(processDefinitionId);
    if (!activities) {
      activities = this.#client.processDefinitionXml(processDefinitionId).then(activitiesWithOutputParameters);
      this.#byDefinition.set(processDefinitionId, activities);
      // A failed read is not cached: the next task of this definition tries again.
      activities.catch(() => this.#byDefinition.delete(processDefinitionId));
    }
    return (await activities).has(activityId);
  }
}
