/**
 * A processes/forms/*.form file in the form-js editor (palette, canvas and
 * its own properties panel). Forms are saved as two-space indented JSON like
 * the committed ones, so a save without an edit changes nothing.
 */
import { FormEditor as FormJsEditor } from '@bpmn-io/form-js-editor';
import type { Editor } from '../workspace/editor.ts';

interface FormField {
  readonly id: string;
  readonly key?: string;
}

export class FormEditor implements Editor {
  readonly kind = 'form' as const;
  private readonly editor: FormJsEditor;

  constructor(container: HTMLElement) {
    this.editor = new FormJsEditor({ container });
  }

  async load(content: string): Promise<string[]> {
    const { warnings } = await this.editor.importSchema(JSON.parse(content));
    return (warnings as unknown[]).map((warning) => String((warning as { message?: string }).message ?? warning));
  }

  async content(): Promise<string> {
    return `${JSON.stringify(this.editor.saveSchema(), null, 2)}\n`;
  }

  onChange(listener: () => void): void {
    this.editor.on('changed', listener);
  }

  selectElement(elementId: string): boolean {
    const registry = this.editor.get<{ getAll(): FormField[] }>('formFieldRegistry');
    const field = registry.getAll().find((candidate) => candidate.id === elementId || candidate.key === elementId);
    if (!field) return false;
    this.editor.get<{ set(field: FormField): void }>('selection').set(field);
    return true;
  }

  destroy(): void {
    this.editor.destroy();
  }
}
