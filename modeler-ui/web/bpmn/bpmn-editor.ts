/**
 * A .bpmn file in the Camunda 7 (Camunda Platform) modeler: open, read back as XML, follow
 * changes, select an element by id, and tell which form a selected user task
 * links to (so the form can be opened from the diagram).
 *
 * A collapsed sub-process shows its content on a drill-down plane of its
 * own. Each plane is fitted to the canvas the first time it is shown, as the
 * process is when the file opens (bpmn-js would show it at 100 % from its
 * origin, cut off on a small screen); later visits keep the person's zoom.
 * A fitted plane is then moved out from under the palette and the
 * breadcrumbs as far as the canvas has room to spare, so that the first
 * column and the lane names are not hidden behind them.
 */
import type Canvas from 'diagram-js/lib/core/Canvas';
import type ElementRegistry from 'diagram-js/lib/core/ElementRegistry';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type Selection from 'diagram-js/lib/features/selection/Selection';
import type Modeler from 'camunda-bpmn-js/lib/camunda-platform/Modeler';
import { createModeler } from '../modeler/create-modeler.ts';
import type { Editor } from '../workspace/editor.ts';

interface BusinessObject {
  readonly $type: string;
  get(property: string): unknown;
}

interface DiagramElement {
  readonly id: string;
  readonly businessObject?: BusinessObject;
}

/** Below the canvas's own listeners (priority 1000, bpmn-js's drill-down centering and breadcrumbs among them): fit after they moved the view. */
const AFTER_DRILLDOWN_CENTERING = 500;
/** Screen pixels between the palette or the breadcrumbs and a fitted diagram. */
const OVERLAY_GAP_PX = 12;

/** The `camunda:formRef` of a user task or start event, if the element is one that links a form. */
export function linkedFormId(element: DiagramElement | undefined): string | undefined {
  const businessObject = element?.businessObject;
  if (businessObject?.$type !== 'bpmn:UserTask' && businessObject?.$type !== 'bpmn:StartEvent') return undefined;
  const formRef = businessObject.get('camunda:formRef');
  return typeof formRef === 'string' && formRef.trim() !== '' ? formRef.trim() : undefined;
}

export class BpmnEditor implements Editor {
  readonly kind = 'process' as const;
  private readonly modeler: Modeler;
  private readonly selectionListeners: Array<(formId: string | undefined) => void> = [];
  /** diagram-js measures its container only when told: folding the file list or resizing the window must tell it. */
  private readonly containerSize: ResizeObserver;
  /** The planes shown since the file opened. */
  private readonly shownPlanes = new Set<DiagramElement>();

  constructor(
    private readonly canvasContainer: HTMLElement,
    propertiesContainer: HTMLElement,
    elementTemplates: readonly unknown[],
  ) {
    this.modeler = createModeler({ container: canvasContainer, propertiesPanel: propertiesContainer, elementTemplates });
    // Exposed for the browser tests and for process owners who want the console; the page has nothing secret.
    (window as unknown as { bpmnModeler?: Modeler }).bpmnModeler = this.modeler;
    const eventBus = this.modeler.get<EventBus>('eventBus');
    eventBus.on('selection.changed', (event: { newSelection: DiagramElement[] }) => {
      const formId = event.newSelection.length === 1 ? linkedFormId(event.newSelection[0]) : undefined;
      for (const listener of this.selectionListeners) listener(formId);
    });
    eventBus.on('root.set', AFTER_DRILLDOWN_CENTERING, (event: { element: DiagramElement | null }) => {
      const plane = event.element;
      if (!plane || this.shownPlanes.has(plane)) return;
      this.shownPlanes.add(plane);
      // The process's own plane is fitted by load() once the layout has settled.
      if (plane.businessObject?.$type === 'bpmn:SubProcess') this.fitPlane();
    });
    eventBus.on('diagram.clear', () => this.shownPlanes.clear());
    this.containerSize = new ResizeObserver(() => this.canvas().resized());
    this.containerSize.observe(canvasContainer);
  }

  private canvas(): Canvas {
    return this.modeler.get<Canvas>('canvas');
  }

  /**
   * Fits the shown plane to the canvas (the zoom of bpmn-js's fit-viewport), then moves it right and down,
   * out from under the palette and the breadcrumbs, as far as the fitted plane leaves room.
   */
  private fitPlane(): void {
    const canvas = this.canvas();
    canvas.zoom('fit-viewport');
    const { x, y, scale, inner, outer } = canvas.viewbox();
    const clearance = this.overlayClearance();
    const left = (inner.x - x) * scale;
    const top = (inner.y - y) * scale;
    const roomRight = outer.width - left - inner.width * scale;
    const roomBelow = outer.height - top - inner.height * scale;
    const dx = Math.max(0, Math.min(clearance.left - left, roomRight));
    const dy = Math.max(0, Math.min(clearance.top - top, roomBelow));
    if (dx > 0 || dy > 0) canvas.scroll({ dx, dy });
  }

  /** Screen pixels from the canvas's left and top edges that the palette and a drill-down plane's breadcrumbs cover. */
  private overlayClearance(): { left: number; top: number } {
    const container = this.canvasContainer.getBoundingClientRect();
    const overlay = (selector: string): DOMRect | undefined => {
      const element = this.canvasContainer.querySelector(selector);
      // A hidden overlay (the breadcrumbs on the process's own plane) has no box.
      return element && element.getClientRects().length > 0 ? element.getBoundingClientRect() : undefined;
    };
    const palette = overlay('.djs-palette');
    const breadcrumbs = overlay('.bjs-breadcrumbs');
    return {
      left: palette ? palette.right - container.left + OVERLAY_GAP_PX : 0,
      top: breadcrumbs ? breadcrumbs.bottom - container.top + OVERLAY_GAP_PX : 0,
    };
  }

  async load(content: string): Promise<string[]> {
    const { warnings } = await this.modeler.importXML(content);
    const canvas = this.canvas();
    // The properties panel renders after the import and may narrow the canvas; fit once the layout has settled.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    canvas.resized();
    this.fitPlane();
    canvas.focus();
    return warnings.map((warning: unknown) => String((warning as { message?: string }).message ?? warning));
  }

  async content(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    if (xml === undefined) throw new Error('流程图无法导出 / the diagram could not be exported');
    return xml;
  }

  onChange(listener: () => void): void {
    this.modeler.get<EventBus>('eventBus').on('commandStack.changed', listener);
  }

  /** Called with the linked form id whenever the selection changes (undefined: none). */
  onSelectedForm(listener: (formId: string | undefined) => void): void {
    this.selectionListeners.push(listener);
  }

  /** Shows the plane the element is drawn on (a drill-down plane when it is inside a collapsed sub-process), scrolls to it and selects it. */
  selectElement(elementId: string): boolean {
    const element = this.modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element) return false;
    const canvas = this.canvas();
    const plane = canvas.findRoot(element);
    if (plane && plane !== canvas.getRootElement()) canvas.setRootElement(plane);
    canvas.scrollToElement(element);
    // After the plane change: showing another plane clears the selection.
    this.modeler.get<Selection>('selection').select(element);
    return true;
  }

  destroy(): void {
    this.containerSize.disconnect();
    this.modeler.destroy();
    delete (window as unknown as { bpmnModeler?: Modeler }).bpmnModeler;
  }
}
