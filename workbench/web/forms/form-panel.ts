/**
 * A form with its 提交 button and a summary of what stops it: the messages
 * form-js shows at the fields (in Chinese), or the field errors the server
 * answered with (the engine's or the server's own checks), by field label.
 * Shared by the task page (complete) and the start page (start).
 */
import type { FieldError } from '../../api-types.ts';
import { ApiError } from '../api/client.ts';
import type { AppContext } from '../ui/context.ts';
import { h, replaceChildren } from '../ui/dom.ts';
import { fieldLabels } from './form-data.ts';
import { FormView } from './form-view.ts';

export interface FormPanelOptions {
  readonly schema: unknown | null;
  readonly data: Record<string, unknown>;
  readonly submitLabel: string;
  /** Said instead of a form when there is none (`此事项没有表单…`). */
  readonly noFormText: string;
  readonly send: (variables: Record<string, unknown>) => Promise<void>;
}

export interface FormPanel {
  readonly element: HTMLElement;
  /** Renders the form; resolves once it is shown. */
  readonly ready: Promise<void>;
  destroy(): void;
}

function serverFieldErrors(fields: readonly FieldError[], labels: Map<string, string>): HTMLElement {
  return h('ul', { class: 'field-errors' }, ...fields.map((field) => h('li', {}, `${labels.get(field.field) ?? field.field}：${field.zh}`)));
}

export function renderFormPanel(context: AppContext, options: FormPanelOptions): FormPanel {
  const formHost = h('div', { class: 'form-host' });
  const summary = h('div', { class: 'form-summary', role: 'alert', hidden: true });
  const submit = h('button', { type: 'button', class: 'primary', name: 'submit' }, options.submitLabel);
  const element = h('div', { class: 'form-panel' }, options.schema ? formHost : h('p', { class: 'no-form' }, options.noFormText), summary, h('div', { class: 'actions' }, submit));
  const labels = fieldLabels(options.schema);
  let view: FormView | undefined;
  let busy = false;
  /** Whether the summary shows form-js's own count, which follows the form as fields are fixed. */
  let showsClientErrors = false;

  const say = (...content: Array<Node | string>): void => {
    showsClientErrors = false;
    replaceChildren(summary, ...content);
    summary.hidden = content.length === 0;
  };
  const clientErrors = (count: number): void => {
    say(...(count === 0 ? [] : [`有 ${count} 处需要修改，请按标红字段下方的提示填写。`]));
    showsClientErrors = count > 0;
  };

  const send = (): void => {
    if (busy) return;
    let variables: Record<string, unknown> = {};
    if (view) {
      const result = view.submit();
      if (!result.ok) {
        clientErrors(result.errorCount);
        return;
      }
      variables = result.variables;
    }
    busy = true;
    say();
    submit.disabled = true;
    view?.setDisabled(true);
    options.send(variables).then(
      () => undefined,
      (error: unknown) => {
        busy = false;
        submit.disabled = false;
        view?.setDisabled(false);
        if (error instanceof ApiError && error.fields.length > 0) say(h('p', {}, '提交未成功，请修改以下各项：'), serverFieldErrors(error.fields, labels));
        else say(context.failed(error));
        summary.focus();
      },
    );
  };
  submit.addEventListener('click', send);
  summary.tabIndex = -1;

  const ready = options.schema
    ? FormView.render(formHost, options.schema, options.data, send).then((rendered) => {
        view = rendered;
        rendered.onErrorsChanged((count) => {
          if (showsClientErrors) clientErrors(count);
        });
      })
    : Promise.resolve();
  return {
    element,
    ready: ready.catch((error: unknown) => {
      say(`表单无法显示 / the form cannot be shown: ${(error as Error).message}`);
      submit.disabled = true;
    }),
    destroy: () => view?.destroy(),
  };
}
