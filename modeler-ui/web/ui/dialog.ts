/**
 * Modal dialogs of the app's own, not window.prompt/confirm: they can show
 * lists (problems, versions) and they do not block the page.
 */
import { h } from './dom.ts';

export interface DialogAction<T> {
  readonly label: string;
  readonly value: T;
  readonly primary?: boolean;
  readonly name?: string;
}

export interface DialogOptions<T> {
  readonly title: string;
  readonly body: Array<Node | string>;
  readonly actions: ReadonlyArray<DialogAction<T>>;
  /** Extra class, so tests and styles can tell dialogs apart. */
  readonly kind: string;
  /** Returned when the dialog is closed with Escape. */
  readonly dismissValue: T;
  /** Receives the function that closes the dialog, for buttons inside the body (a list of versions). */
  readonly onOpen?: (close: (value: T) => void) => void;
}

export function openDialog<T>(options: DialogOptions<T>): Promise<T> {
  return new Promise((resolve) => {
    const close = (value: T) => {
      overlay.remove();
      document.removeEventListener('keydown', onKey, true);
      resolve(value);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close(options.dismissValue);
      }
    };
    const buttons = options.actions.map((action) =>
      h('button', { type: 'button', class: action.primary ? 'primary' : '', name: action.name, onclick: () => close(action.value) }, action.label),
    );
    const overlay = h(
      'div',
      { class: 'dialog-overlay' },
      h('div', { class: `dialog dialog-${options.kind}`, role: 'dialog', 'aria-modal': 'true', 'aria-label': options.title }, h('h2', {}, options.title), h('div', { class: 'dialog-body' }, ...options.body), h('div', { class: 'dialog-actions' }, ...buttons)),
    );
    document.addEventListener('keydown', onKey, true);
    document.body.append(overlay);
    options.onOpen?.(close);
    (buttons.find((_button, index) => options.actions[index]?.primary) ?? buttons[0])?.focus();
  });
}

/** Asks for a line of text (a save comment); null when cancelled. */
export async function promptText(title: string, label: string, kind: string, initial = ''): Promise<string | null> {
  const input = h('textarea', { name: 'comment', rows: '3', maxlength: '500', placeholder: label });
  input.value = initial;
  const pending = openDialog<'ok' | 'cancel'>({
    title,
    kind,
    body: [h('label', {}, label, input)],
    actions: [
      { label: '取消', value: 'cancel', name: 'cancel' },
      { label: '确定', value: 'ok', primary: true, name: 'ok' },
    ],
    dismissValue: 'cancel',
  });
  input.focus();
  const result = await pending;
  return result === 'ok' ? input.value.trim() : null;
}

export function showMessage(title: string, body: Array<Node | string>, kind: string): Promise<void> {
  return openDialog({ title, body, kind, actions: [{ label: '知道了', value: undefined, primary: true, name: 'ok' }], dismissValue: undefined });
}
