/**
 * A task's stage: the name of the innermost sub-process around its user task
 * in the deployed diagram (问题分类处置, 逐企业开展检查 …), or null at the
 * procedure's top level. A deployed definition never changes, so its XML is
 * read once per definition id, as the first user to need it, and kept.
 */
import { Parser } from 'saxen';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';

const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const CONTAINERS = new Set(['bpmn:subProcess', 'bpmn:transaction', 'bpmn:adHocSubProcess']);

/** Element id → the name of its innermost enclosing sub-process, for every element inside one. */
export function stagesOf(xml: string): Map<string, string> {
  const parser = new Parser();
  parser.ns({ [BPMN_MODEL_NS]: 'bpmn' });
  const stack: { readonly name: string; readonly label: string | null }[] = [];
  const stages = new Map<string, string>();
  parser.on('openTag', (name, attrs, _decode, selfClosing) => {
    const attributes = attrs() as Record<string, string>;
    const id = attributes['id'];
    const enclosing = [...stack].reverse().find((entry) => CONTAINERS.has(entry.name) && entry.label !== null);
    if (id !== undefined && enclosing?.label) stages.set(id, enclosing.label);
    if (!selfClosing) stack.push({ name, label: CONTAINERS.has(name) ? (attributes['name']?.trim() || null) : null });
  });
  parser.on('closeTag', (_name, _decode, selfClosing) => {
    if (!selfClosing) stack.pop();
  });
  parser.on('error', () => {
    // A diagram the engine deployed is well formed; should it not be, tasks simply show no stage.
  });
  parser.parse(xml);
  return stages;
}

export class StageIndex {
  readonly #byDefinition = new Map<string, Promise<Map<string, string> | undefined>>();

  /** The stage of an element, or null; null too when the user may not read the diagram. */
  async stageOf(client: EngineRestClient, processDefinitionId: string | null, elementId: string | null): Promise<string | null> {
    if (!processDefinitionId || !elementId) return null;
    let stages = this.#byDefinition.get(processDefinitionId);
    if (!stages) {
      stages = client.processDefinitionXml(processDefinitionId).then(
        (xml) => stagesOf(xml),
        () => undefined,
      );
      this.#byDefinition.set(processDefinitionId, stages);
      // A refusal is this user's, not the diagram's: the next user asks again.
      void stages.then((found) => {
        if (found === undefined) this.#byDefinition.delete(processDefinitionId);
      });
    }
    return (await stages)?.get(elementId) ?? null;
  }
}
