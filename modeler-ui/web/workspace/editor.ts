/** What the workspace needs from the diagram editor and the form editor alike. */
export interface Editor {
  readonly kind: 'process' | 'form';
  /** Opens the file's content; resolves to import warnings worth showing. */
  load(content: string): Promise<string[]>;
  /** The current (possibly unsaved) content as it would be saved. */
  content(): Promise<string>;
  onChange(listener: () => void): void;
  /** Selects and shows the element a lint problem names; false when there is none. */
  selectElement(elementId: string): boolean;
  destroy(): void;
}
