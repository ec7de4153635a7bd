/**
 * The documents of the case (进驻通知, 移交函, 反馈意见 …) as they were sent,
 * read-only. The server renders them as escaped text, but they are shown as
 * untrusted all the same: each in an iframe with `sandbox` (no scripts, no
 * forms, no navigation of this page) and the page's CSP inherited by the
 * srcdoc. allow-same-origin only lets this page read the height of the
 * frame's content to size it; with scripts off the content cannot use it.
 */
import type { CaseDocument } from '../../api-types.ts';
import { formatDateTime } from '../lists/list-logic.ts';
import { h } from '../ui/dom.ts';

const FRAME_STYLE = `
  body { margin: 0; padding: 12px 16px; font: 14px/1.7 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; color: #1d2939; overflow-wrap: anywhere; }
  h1, h2, h3 { font-size: 16px; margin: 0 0 8px; }
  p { margin: 0 0 8px; }
  table { border-collapse: collapse; max-width: 100%; }
  td, th { border: 1px solid #d0d5dd; padding: 4px 6px; }
  img { max-width: 100%; }
`;

function frameFor(document_: CaseDocument): HTMLIFrameElement {
  const frame = h('iframe', {
    class: 'document-frame',
    sandbox: 'allow-same-origin',
    title: document_.title,
    referrerpolicy: 'no-referrer',
    loading: 'lazy',
  });
  frame.srcdoc = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><base target="_blank"><style>${FRAME_STYLE}</style></head><body>${document_.html}</body></html>`;
  frame.addEventListener('load', () => {
    const body = frame.contentDocument?.documentElement;
    if (body) frame.style.height = `${Math.min(body.scrollHeight + 4, 900)}px`;
  });
  return frame;
}

export function renderDocuments(documents: readonly CaseDocument[]): HTMLElement | null {
  if (documents.length === 0) return null;
  return h(
    'section',
    { class: 'panel documents', 'aria-labelledby': 'documents-title' },
    h('h2', { id: 'documents-title' }, `案卷文书（${documents.length}）`),
    ...documents.map((document_) =>
      h(
        'details',
        { class: 'document', open: documents.length === 1 },
        h(
          'summary',
          {},
          h('span', { class: 'document-title' }, document_.title),
          h('span', { class: 'document-meta' }, [document_.kind, document_.sentAt ? `发出于 ${formatDateTime(document_.sentAt)}` : ''].filter(Boolean).join(' · ')),
        ),
        frameFor(document_),
      ),
    ),
  );
}
