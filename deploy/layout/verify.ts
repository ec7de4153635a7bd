/**
 * What a layout must not change: the semantic model. Both files are parsed
 * (bpmn-moddle, as deploy/project-files.ts parses them), their diagram
 * interchange dropped, and what the layout may add — the collaboration of
 * the pools, a laneSet in a process or sub-process that had none — taken
 * out of the new one; the rest must serialize identically.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { checkDiagramLayout, type LayoutProblem, type LayoutOptions } from '../diagram-layout.ts';
import { createBpmnModdle } from '../project-files.ts';
import { list } from './model.ts';

interface Serializer {
  toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
}

/** The sub-processes below a process or sub-process, by id. */
function subProcessesById(container: ModdleElement, found = new Map<string, ModdleElement>()): Map<string, ModdleElement> {
  for (const element of list(container, 'flowElements')) {
    if (element.$type !== 'bpmn:SubProcess' && element.$type !== 'bpmn:Transaction' && element.$type !== 'bpmn:AdHocSubProcess') continue;
    if (element.id) found.set(element.id, element);
    subProcessesById(element, found);
  }
  return found;
}

function strip(definitions: ModdleElement, reference?: ModdleElement): void {
  const mutable = definitions as unknown as Record<string, unknown>;
  mutable['diagrams'] = [];
  if (!reference) return;
  const roots = list(definitions, 'rootElements');
  const before = list(reference, 'rootElements');
  const hadCollaboration = before.some((element) => element.$type === 'bpmn:Collaboration');
  const kept = roots.filter((element) => hadCollaboration || element.$type !== 'bpmn:Collaboration');
  mutable['rootElements'] = kept;
  for (const process of kept.filter((element) => element.$type === 'bpmn:Process')) {
    const original = before.find((element) => element.id === process.id);
    if (original && list(original, 'laneSets').length === 0) (process as unknown as Record<string, unknown>)['laneSets'] = [];
    const originalSubProcesses = original ? subProcessesById(original) : new Map<string, ModdleElement>();
    for (const [id, subProcess] of subProcessesById(process)) {
      const before = originalSubProcesses.get(id);
      if (before && list(before, 'laneSets').length === 0) (subProcess as unknown as Record<string, unknown>)['laneSets'] = [];
    }
  }
  if (hadCollaboration) {
    const collaboration = kept.find((element) => element.$type === 'bpmn:Collaboration');
    const originalCollaboration = before.find((element) => element.$type === 'bpmn:Collaboration');
    const known = new Set(list(originalCollaboration, 'participants').map((participant) => participant.id));
    if (collaboration) (collaboration as unknown as Record<string, unknown>)['participants'] = list(collaboration, 'participants').filter((participant) => known.has(participant.id));
  }
}

/** The semantic model as XML, without diagram interchange (and without what the layout added, given the file before). */
export async function semanticXml(xml: string, before?: string): Promise<string> {
  const moddle = createBpmnModdle();
  const parsed = await moddle.fromXML(xml);
  const reference = before ? (await createBpmnModdle().fromXML(before)).rootElement : undefined;
  strip(parsed.rootElement, reference);
  return (await (moddle as unknown as Serializer).toXML(parsed.rootElement, { format: true })).xml;
}

export interface Verification {
  /** Empty when the semantic model is unchanged. */
  readonly semanticChanged: boolean;
  readonly problems: readonly LayoutProblem[];
}

export async function verifyLayout(before: string, after: string, options: LayoutOptions = {}): Promise<Verification> {
  const semanticChanged = (await semanticXml(before)) !== (await semanticXml(after, before));
  const parsed = await createBpmnModdle().fromXML(after);
  return { semanticChanged, problems: checkDiagramLayout(parsed.rootElement, options) };
}
