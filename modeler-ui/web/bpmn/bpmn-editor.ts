/**
 * A .bpmn file in the Camunda 7 (Camunda Platform) modeler: open, read back as XML, follow
 * changes, select an element by id, and tell which form a selected user task
 * links to (so the form can be opened from the diagram).
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

  constructor(canvasContainer: HTMLElement, propertiesContainer: HTMLElement, elementTemplates: readonly unknown[]) {
    this.modeler = createModeler({ container: canvasContainer, propertiesPanel: propertiesContainer, elementTemplates });
    // Exposed for the browser tests and for process owners who want the console; the page has nothing secret.
    (window as unknown as { bpmnModeler?: Modeler }).bpmnModeler = this.modeler;
    this.modeler.get<EventBus>('eventBus').on('selection.changed', (event: { newSelection: DiagramElement[] }) => {
      const formId = event.newSelection.length === 1 ? linkedFormId(event.newSelection[0]) : undefined;
      for (const listener of this.selectionListeners) listener(formId);
    });
  }

  async load(content: string): Promise<string[]> {
    const { warnings } = await this.modeler.importXML(content);
    const canvas = this.modeler.get<Canvas>('canvas');
    // The properties panel renders after the import and may narrow the canvas; fit once the layout has settled.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    canvas.resized();
    canvas.zoom('fit-viewport');
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

  selectElement(elementId: string): boolean {
    const element = this.modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!element) return false;
    this.modeler.get<Selection>('selection').select(element);
    this.modeler.get<Canvas>('canvas').scrollToElement(element);
    return true;
  }

  destroy(): void {
    this.modeler.destroy();
    delete (window as unknown as { bpmnModeler?: Modeler }).bpmnModeler;
  }
}
