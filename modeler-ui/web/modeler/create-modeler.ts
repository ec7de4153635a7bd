/**
 * The one place the BPMN modeler is put together: camunda-bpmn-js's Camunda 8
 * modeler (zeebe moddle, properties panel with the Zeebe provider, element
 * template support and chooser) with the Chinese translation and the
 * project's worker templates.
 *
 * Keyboard shortcuts (undo, redo, copy, paste, delete, search …) are bound by
 * diagram-js to the canvas itself since diagram-js 15 (explicit
 * `keyboard.bindTo` was removed), so they work whenever the canvas has focus;
 * the editor focuses it after opening a diagram.
 */
import Modeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler';
import translateModule from './translate/index.ts';

export interface ModelerOptions {
  readonly container: HTMLElement;
  readonly propertiesPanel: HTMLElement;
  /** Element templates as GET /api/element-templates returns them. */
  readonly elementTemplates: readonly unknown[];
}

export function createModeler(options: ModelerOptions): Modeler {
  return new Modeler({
    container: options.container,
    propertiesPanel: { parent: options.propertiesPanel },
    elementTemplates: [...options.elementTemplates],
    additionalModules: [translateModule],
    keyboard: { bind: true },
    // Opening and saving must not move every shape: align-to-origin would rewrite the coordinates of diagrams not drawn at 0,0.
    disableAdjustOrigin: true,
  } as ConstructorParameters<typeof Modeler>[0]);
}
