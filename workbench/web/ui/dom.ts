/**
 * The modeler's small element builder (modeler-ui/web/ui/dom.ts), shared so
 * both apps build their screens the same way, and what only the workbench
 * needs: a status line screen readers announce, and file sizes.
 */
export { h, replaceChildren } from '../../../modeler-ui/web/ui/dom.ts';

/** `1.2 MB`, `350 KB`, `12 字节`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Shows a message in a status or alert element (role set by the caller) and its tone as a class. */
export function showMessage(element: HTMLElement, text: string, tone: 'info' | 'ok' | 'error' = 'info'): void {
  element.textContent = text;
  element.dataset['tone'] = tone;
  element.hidden = text === '';
}
