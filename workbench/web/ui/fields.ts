/**
 * Our own forms (login, 来信来电举报, comments, attachments) validate in
 * Chinese themselves: the browser's built-in bubbles speak the browser's
 * language, so the forms are `novalidate` and these helpers mark a field,
 * tell screen readers why, and clear the mark once it is filled in.
 */
import { h } from './dom.ts';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

let nextId = 0;

/** A labelled field with room for its error below it. */
export function field(label: string, control: Control, hint?: string): HTMLElement {
  control.id ||= `field-${++nextId}`;
  const error = h('span', { class: 'field-error', id: `${control.id}-error`, hidden: true });
  const describedBy = [hint ? `${control.id}-hint` : '', error.id].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', describedBy);
  control.addEventListener('input', () => setFieldError(control, ''));
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label, control.required ? h('span', { class: 'required-mark', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('span', { class: 'field-hint', id: `${control.id}-hint` }, hint) : null,
    error,
  );
}

export function setFieldError(control: Control, message: string): void {
  const error = document.getElementById(`${control.id}-error`);
  if (error) {
    error.textContent = message;
    error.hidden = message === '';
  }
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** Marks the required fields left empty; true when there are none. Focuses the first. */
export function checkRequired(controls: readonly Control[]): boolean {
  const empty = controls.filter((control) => control.required && control.value.trim() === '');
  for (const control of empty) setFieldError(control, '此项为必填项');
  empty[0]?.focus();
  return empty.length === 0;
}
