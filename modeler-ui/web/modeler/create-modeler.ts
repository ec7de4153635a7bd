/**
 * The one place the BPMN modeler is put together: camunda-bpmn-js's Camunda
 * Platform (Camunda 7) modeler, whose dialect Operaton executes (camunda
 * moddle, properties panel with the Camunda 7 provider, element template
 * support), with the element template chooser, the Chinese translation and
 * the project's worker templates.
 *
 * Keyboard shortcuts (undo, redo, copy, paste, delete, search …) are bound by
 * diagram-js to the canvas itself since diagram-js 15 (explicit
 * `keyboard.bindTo` was removed), so they work whenever the canvas has focus;
 * the editor focuses it after opening a diagram.
 */
import elementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import Modeler from 'camunda-bpmn-js/lib/camunda-platform/Modeler';
import keepWorkerInputsModule from './keep-worker-inputs.ts';
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
    // The Camunda 7 modeler brings template support but no chooser: 模板 → 选择 opens this one.
    additionalModules: [elementTemplateChooserModule, keepWorkerInputsModule, translateModule],
    keyboard: { bind: true },
    // Opening and saving must not move every shape: align-to-origin would rewrite the coordinates of diagrams not drawn at 0,0.
    disableAdjustOrigin: true,
  } as ConstructorParameters<typeof Modeler>[0]);
}
