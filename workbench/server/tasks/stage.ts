/**
 * What the deployed diagram says about a user task: its stage, the name of the
 * innermost sub-process around it (问题分类处置, 逐企业开展检查 …), or null at
 * the procedure's top level; and the documents it expects as attachments
 * (extension properties AttachmentProperty of workers/contract.ts). A deployed
 * definition never changes, so its XML is read once per definition id, as the
 * first user to need it, and kept.
 */
import { Parser } from 'saxen';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';
import { AttachmentProperty, attachmentKindsOf } from '../../../workers/contract.ts';

const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
const CONTAINERS = new Set(['bpmn:subProcess', 'bpmn:transaction', 'bpmn:adHocSubProcess']);

/** The documents a user task expects, by kind label (检查记录 …). */
export interface ExpectedKinds {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export interface DiagramFacts {
  /** Element id → the name of its innermost enclosing sub-process, for every element inside one. */
  readonly stages: Map<string, string>;
  /** User task id → its expected attachments, for the tasks that name any. */
  readonly attachments: Map<string, ExpectedKinds>;
}

export function diagramFacts(xml: string): DiagramFacts {
  const parser = new Parser();
  parser.ns({ [BPMN_MODEL_NS]: 'bpmn', [CAMUNDA_NS]: 'camunda' });
  const stack: { readonly name: string; readonly id: string | undefined; readonly label: string | null }[] = [];
  const stages = new Map<string, string>();
  const attachments = new Map<string, ExpectedKinds>();
  parser.on('openTag', (name, attrs, _decode, selfClosing) => {
    const attributes = attrs() as Record<string, string>;
    const id = attributes['id'];
    const enclosing = [...stack].reverse().find((entry) => CONTAINERS.has(entry.name) && entry.label !== null);
    if (id !== undefined && enclosing?.label) stages.set(id, enclosing.label);
    if (name === 'camunda:property') {
      const userTask = [...stack].reverse().find((entry) => entry.name === 'bpmn:userTask');
      const property = attributes['name'];
      if (userTask?.id && (property === AttachmentProperty.required || property === AttachmentProperty.optional)) {
        const known = attachments.get(userTask.id) ?? { required: [], optional: [] };
        const kinds = attachmentKindsOf(attributes['value']);
        attachments.set(userTask.id, property === AttachmentProperty.required ? { ...known, required: kinds } : { ...known, optional: kinds });
      }
    }
    if (!selfClosing) stack.push({ name, id, label: CONTAINERS.has(name) ? (attributes['name']?.trim() || null) : null });
  });
  parser.on('closeTag', (_name, _decode, selfClosing) => {
    if (!selfClosing) stack.pop();
  });
  parser.on('error', () => {
    // A diagram the engine deployed is well formed; should it not be, tasks simply show no stage.
  });
  parser.parse(xml);
  return { stages, attachments };
}

/** Element id → stage, for every element inside a named sub-process. */
export function stagesOf(xml: string): Map<string, string> {
  return diagramFacts(xml).stages;
}

const NOTHING_EXPECTED: ExpectedKinds = { required: [], optional: [] };

export class DiagramIndex {
  readonly #byDefinition = new Map<string, Promise<DiagramFacts | undefined>>();

  #facts(client: EngineRestClient, processDefinitionId: string): Promise<DiagramFacts | undefined> {
    let facts = this.#byDefinition.get(processDefinitionId);
    if (!facts) {
      facts = client.processDefinitionXml(processDefinitionId).then(
        (xml) => diagramFacts(xml),
        () => undefined,
      );
      this.#byDefinition.set(processDefinitionId, facts);
      // A refusal is this user's, not the diagram's: the next user asks again.
      void facts.then((found) => {
        if (found === undefined) this.#byDefinition.delete(processDefinitionId);
      });
    }
    return facts;
  }

  /** The stage of an element, or null; null too when the user may not read the diagram. */
  async stageOf(client: EngineRestClient, processDefinitionId: string | null, elementId: string | null): Promise<string | null> {
    if (!processDefinitionId || !elementId) return null;
    return (await this.#facts(client, processDefinitionId))?.stages.get(elementId) ?? null;
  }

  /** The attachments a user task expects; none when it names none or the user may not read the diagram. */
  async expectedAttachmentsOf(client: EngineRestClient, processDefinitionId: string | null, elementId: string | null): Promise<ExpectedKinds> {
    if (!processDefinitionId || !elementId) return NOTHING_EXPECTED;
    return (await this.#facts(client, processDefinitionId))?.attachments.get(elementId) ?? NOTHING_EXPECTED;
  }
}
