/**
 * The semantic model as the layout sees it: per process a pool, its lanes,
 * and a tree of containers (the process, its sub-processes) holding flow
 * nodes, boundary events and sequence flows. Read-only on the moddle tree.
 */
import type { ModdleElement } from 'bpmn-moddle';
import { type Size, taskSize } from './text.ts';

export type NodeKind = 'event' | 'gateway' | 'task' | 'sub-process';

export interface LayoutNode {
  readonly element: ModdleElement;
  readonly id: string;
  readonly kind: NodeKind;
  readonly container: Container;
  /** Boundary events on this node, in document order. */
  readonly boundaries: LayoutNode[];
  /** The node a boundary event is attached to. */
  host?: LayoutNode;
  /** The inside of a sub-process drawn expanded, within its box. */
  child?: Container;
  /** The inside of a sub-process drawn collapsed: on a drill-down plane of its own. */
  plane?: Container;
  /** Index into the pool's lanes. */
  lane: number;
  size: Size;
}

export interface LayoutFlow {
  readonly element: ModdleElement;
  readonly id: string;
  readonly source: LayoutNode;
  readonly target: LayoutNode;
  readonly name: string;
}

export interface Container {
  readonly element: ModdleElement;
  /** The sub-process node, undefined for the process. */
  readonly node?: LayoutNode;
  /** Flow nodes directly inside, boundary events excluded. */
  readonly nodes: LayoutNode[];
  readonly boundaryEvents: LayoutNode[];
  readonly flows: LayoutFlow[];
  readonly annotations: Array<{ element: ModdleElement; target?: LayoutNode; association?: ModdleElement }>;
}

export interface Lane {
  readonly id: string;
  readonly name: string;
  /** Whether the lane exists in the semantic model (else the layout adds it). */
  readonly existing: boolean;
}

export function instanceOf(element: ModdleElement, type: string): boolean {
  return (element as unknown as { $instanceOf(type: string): boolean }).$instanceOf(type);
}

export function list(element: ModdleElement | undefined, property: string): ModdleElement[] {
  return (element?.get(property) as ModdleElement[] | undefined) ?? [];
}

function kindOf(element: ModdleElement): NodeKind {
  if (instanceOf(element, 'bpmn:Event')) return 'event';
  if (instanceOf(element, 'bpmn:Gateway')) return 'gateway';
  if (instanceOf(element, 'bpmn:SubProcess')) return 'sub-process';
  return 'task';
}

function sizeOf(element: ModdleElement, boundaryCount: number): Size {
  const kind = kindOf(element);
  if (kind === 'event') return { width: 36, height: 36 };
  if (kind === 'gateway') return { width: 50, height: 50 };
  return taskSize(element.name, boundaryCount);
}

/**
 * Whether a sub-process is drawn collapsed, its content on a drill-down plane
 * of its own (bpmn-js opens it with the arrow on the box): every sub-process
 * but an event sub-process, which stays expanded inside its container, where
 * a process owner sees what it interrupts. A phase of a procedure is then one
 * box on the plane above, and each plane stays small enough to read.
 */
export function drawnCollapsed(element: ModdleElement): boolean {
  return instanceOf(element, 'bpmn:SubProcess') && element.get('triggeredByEvent') !== true;
}

/** Builds the container tree of a process or sub-process; node ids are unique in a file. */
export function buildContainer(element: ModdleElement, byId: Map<string, LayoutNode>, node?: LayoutNode): Container {
  const container: Container = { element, ...(node ? { node } : {}), nodes: [], boundaryEvents: [], flows: [], annotations: [] };
  const elements = list(element, 'flowElements');
  const boundaryCount = new Map<ModdleElement, number>();
  for (const item of elements) {
    if (item.$type === 'bpmn:BoundaryEvent') {
      const host = item.get('attachedToRef') as ModdleElement | undefined;
      if (host) boundaryCount.set(host, (boundaryCount.get(host) ?? 0) + 1);
    }
  }
  for (const item of elements) {
    if (!instanceOf(item, 'bpmn:FlowNode') || !item.id) continue;
    const layoutNode: LayoutNode = {
      element: item,
      id: item.id,
      kind: kindOf(item),
      container,
      boundaries: [],
      lane: 0,
      size: sizeOf(item, boundaryCount.get(item) ?? 0),
    };
    byId.set(item.id, layoutNode);
    if (item.$type === 'bpmn:BoundaryEvent') container.boundaryEvents.push(layoutNode);
    else container.nodes.push(layoutNode);
  }
  for (const event of container.boundaryEvents) {
    const host = byId.get((event.element.get('attachedToRef') as ModdleElement | undefined)?.id ?? '');
    if (host) {
      event.host = host;
      host.boundaries.push(event);
    }
  }
  for (const child of container.nodes) {
    if (child.kind !== 'sub-process') continue;
    if (drawnCollapsed(child.element)) child.plane = buildContainer(child.element, byId, child);
    else child.child = buildContainer(child.element, byId, child);
  }
  for (const item of elements) {
    if (item.$type !== 'bpmn:SequenceFlow' || !item.id) continue;
    const source = byId.get((item.get('sourceRef') as ModdleElement | undefined)?.id ?? '');
    const target = byId.get((item.get('targetRef') as ModdleElement | undefined)?.id ?? '');
    if (source && target) container.flows.push({ element: item, id: item.id, source, target, name: (item.name ?? '').trim() });
  }
  const artifacts = list(element, 'artifacts');
  for (const item of artifacts) {
    if (item.$type !== 'bpmn:TextAnnotation') continue;
    const association = artifacts.find(
      (other) => other.$type === 'bpmn:Association' && ((other.get('targetRef') as ModdleElement | undefined) === item || (other.get('sourceRef') as ModdleElement | undefined) === item),
    );
    const other = association ? ((association.get('sourceRef') as ModdleElement) === item ? association.get('targetRef') : association.get('sourceRef')) : undefined;
    const target = byId.get((other as ModdleElement | undefined)?.id ?? '');
    container.annotations.push({ element: item, ...(target ? { target } : {}), ...(association ? { association } : {}) });
  }
  return container;
}

/** Every node on a container's plane, those in expanded sub-processes included, in document order. */
export function allNodes(container: Container): LayoutNode[] {
  return container.nodes.flatMap((node) => [node, ...node.boundaries, ...(node.child ? allNodes(node.child) : [])]);
}

/** The container and the expanded sub-processes on its plane. */
export function allContainers(container: Container): Container[] {
  return [container, ...container.nodes.flatMap((node) => (node.child ? allContainers(node.child) : []))];
}

/** The collapsed sub-processes drawn on drill-down planes below a container's plane, outermost first. */
export function drillDownPlanes(container: Container): Container[] {
  return allNodes(container).flatMap((node) => (node.plane ? [node.plane, ...drillDownPlanes(node.plane)] : []));
}

/** Every node below a container, on its plane and on the drill-down planes below it. */
export function deepNodes(container: Container): LayoutNode[] {
  return allNodes(container).flatMap((node) => [node, ...(node.plane ? deepNodes(node.plane) : [])]);
}
