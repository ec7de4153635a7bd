/**
 * A task or start form in @bpmn-io/form-js-viewer (the same 1.23 as the
 * modeler's form editor, so a form edited there renders here), in Chinese
 * (forms/viewer-zh.ts) and pre-filled with the case's variables.
 *
 * The viewer brings no submit button: the page puts its own below the form
 * and calls submit(); Enter in a one-line field submits too, as in any form,
 * except while an input method is composing (Chinese input confirms with
 * Enter) or when the field used the key itself (a select's search list).
 */
import { Form } from '@bpmn-io/form-js-viewer';
import flatpickr from 'flatpickr';
import { Mandarin } from 'flatpickr/dist/l10n/zh.js';
import { countErrors, submittedVariables } from './form-data.ts';
import { translateValidationMessage, translateViewerText } from './viewer-zh.ts';

// The date picker's month and weekday names; form-js creates its pickers with the default locale.
// flatpickr's zh leaves the screen-reader names of its month, year, hour and minute inputs English.
flatpickr.localize({ ...Mandarin, monthAriaLabel: '月份', yearAriaLabel: '年份', hourAriaLabel: '小时', minuteAriaLabel: '分钟' });

const TRANSLATED_ATTRIBUTES = ['aria-label', 'placeholder', 'title', 'alt'] as const;

function translateAttribute(element: Element, attribute: string): void {
  const value = element.getAttribute(attribute);
  if (value === null) return;
  const translated = translateViewerText(value);
  if (translated !== null && translated !== value) element.setAttribute(attribute, translated);
}

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const translated = translateViewerText(node.textContent ?? '');
    if (translated !== null && translated !== node.textContent) node.textContent = translated;
    return;
  }
  if (!(node instanceof Element)) return;
  for (const element of [node, ...node.querySelectorAll('*')]) for (const attribute of TRANSLATED_ATTRIBUTES) translateAttribute(element, attribute);
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) translateNode(text);
}

/**
 * Keeps the viewer's own texts Chinese: Preact leaves a text node it did not
 * change alone, and writes the English again only when the text changes
 * (展开全部（3）), which the observer sees.
 */
function keepChinese(container: HTMLElement): MutationObserver {
  translateNode(container);
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'childList') mutation.addedNodes.forEach(translateNode);
      else if (mutation.type === 'characterData') translateNode(mutation.target);
      else if (mutation.attributeName) translateAttribute(mutation.target as Element, mutation.attributeName);
    }
  });
  observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: [...TRANSLATED_ATTRIBUTES] });
  return observer;
}

interface Validator {
  validateField(field: unknown, value: unknown): string[];
  validateFieldInstance(fieldInstance: unknown, value: unknown): string[];
}

/** The viewer's validator answers in Chinese (see viewer-zh.ts for why the service is wrapped). */
function translateValidator(form: Form): void {
  const validator = form.get<Validator>('validator');
  const validateField = validator.validateField.bind(validator);
  const validateFieldInstance = validator.validateFieldInstance.bind(validator);
  validator.validateField = (field, value) => validateField(field, value).map(translateValidationMessage);
  validator.validateFieldInstance = (fieldInstance, value) => validateFieldInstance(fieldInstance, value).map(translateValidationMessage);
}

export type SubmitResult = { readonly ok: true; readonly variables: Record<string, unknown> } | { readonly ok: false; readonly errorCount: number };

export class FormView {
  private readonly form: Form;
  private readonly observer: MutationObserver;
  private readonly container: HTMLElement;
  private readonly schema: unknown;

  private constructor(container: HTMLElement, schema: unknown, form: Form, observer: MutationObserver) {
    this.container = container;
    this.schema = schema;
    this.form = form;
    this.observer = observer;
  }

  /** Renders the schema into the container with the variables as its data; `onEnter` is asked to submit. */
  static async render(container: HTMLElement, schema: unknown, data: Record<string, unknown>, onEnter: () => void): Promise<FormView> {
    // No debounce: a value typed just before Enter or 提交 is in the data the form submits.
    // (`debounce` reaches the viewer's config service like every other option; FormOptions does not list it.)
    const form = new Form({ container, debounce: false } as ConstructorParameters<typeof Form>[0]);
    translateValidator(form);
    const observer = keepChinese(container);
    await form.importSchema(schema as Parameters<Form['importSchema']>[0], structuredClone(data));
    container.addEventListener('keydown', (event) => {
      // Only a key the person pressed: form-js's date field dispatches a synthetic Enter on blur to take a typed date,
      // which would otherwise submit the form as soon as the date field loses the focus.
      if (!event.isTrusted) return;
      if (event.key !== 'Enter' || event.isComposing || event.defaultPrevented || event.shiftKey || event.ctrlKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (!(target instanceof HTMLInputElement) || ['checkbox', 'radio', 'button', 'submit', 'file'].includes(target.type)) return;
      // Searchable selects and tag lists pick an option with Enter.
      if (target.closest('.fjs-select, .fjs-taglist, .fjs-input-group .flatpickr-calendar')) return;
      event.preventDefault();
      onEnter();
    });
    return new FormView(container, schema, form, observer);
  }

  /** Validates; on success the variables to send, else the number of messages form-js now shows, the first invalid field focused. */
  submit(): SubmitResult {
    const { data, errors } = this.form.submit();
    const errorCount = countErrors(errors);
    if (errorCount > 0) {
      requestAnimationFrame(() => {
        const first = this.container.querySelector<HTMLElement>('.fjs-has-errors input, .fjs-has-errors textarea, .fjs-has-errors select, .fjs-has-errors [tabindex]');
        first?.focus();
      });
      return { ok: false, errorCount };
    }
    return { ok: true, variables: submittedVariables(this.schema, data as Record<string, unknown>) };
  }

  /** Called with the number of messages form-js shows whenever the form changes (a field fixed, a row removed). */
  onErrorsChanged(listener: (errorCount: number) => void): void {
    this.form.on('changed', (state: { errors?: unknown }) => listener(countErrors(state.errors)));
  }

  setDisabled(disabled: boolean): void {
    this.container.toggleAttribute('inert', disabled);
    this.container.setAttribute('aria-busy', String(disabled));
  }

  destroy(): void {
    // form-js's radio group reads its own element on focusout, which Chromium fires when the focused radio
    // is removed: leave the form first, or leaving a task whose radio has focus throws in the viewer.
    const focused = document.activeElement;
    if (focused instanceof HTMLElement && this.container.contains(focused)) focused.blur();
    this.observer.disconnect();
    this.form.destroy();
  }
}
