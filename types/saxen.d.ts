/** Minimal typings for saxen: only what modeler-ui/server/files/xml-safety.ts uses. */
declare module 'saxen' {
  export interface ParseContext {
    readonly line: number;
    readonly column: number;
    readonly data?: string;
  }
  type ContextGetter = () => ParseContext;

  export class Parser {
    constructor(options?: { proxy?: false });
    ns(namespaces?: Readonly<Record<string, string>>): void;
    on(event: 'openTag', handler: (name: string, attrs: () => Record<string, string>, decode: (text: string) => string, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'closeTag', handler: (name: string, decode: (text: string) => string, selfClosing: boolean, context: ContextGetter) => void): this;
    on(event: 'text', handler: (value: string, decode: (text: string) => string, context: ContextGetter) => void): this;
    on(event: 'attention', handler: (value: string, decode: (text: string) => string, context: ContextGetter) => void): this;
    on(event: 'question', handler: (value: string, context: ContextGetter) => void): this;
    on(event: 'error' | 'warn', handler: (error: Error, context: ContextGetter) => void): this;
    parse(xml: string): Error | undefined;
    stop(): void;
  }
}
