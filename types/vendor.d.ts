/**
 * Minimal typings for the untyped entry points of the BPMN tooling: only
 * what deploy/ uses, so a wrong call fails the type check.
 */

declare module 'bpmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    readonly $parent?: ModdleElement;
    readonly $attrs: Record<string, string>;
    readonly id?: string;
    readonly name?: string;
    get(property: string): unknown;
    [property: string]: unknown;
  }

  export interface ParseResult {
    readonly rootElement: ModdleElement;
    readonly warnings: ReadonlyArray<{ readonly message: string; readonly element?: ModdleElement }>;
    readonly elementsById: Readonly<Record<string, ModdleElement>>;
  }

  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<ParseResult>;
  }
}

declare module 'bpmnlint' {
  import type { ModdleElement } from 'bpmn-moddle';

  export type ReportingCategory = 'off' | 'warn' | 'error' | 'info' | 'rule-error';

  export interface LintReport {
    readonly id?: string;
    readonly message: string;
    readonly path?: readonly string[];
    readonly category: ReportingCategory;
    readonly meta?: { readonly documentation?: { readonly url?: string } };
  }

  export interface LinterConfig {
    readonly extends?: string | readonly string[];
    readonly rules?: Readonly<Record<string, string | number | readonly [string | number, unknown?]>>;
  }

  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }

  export class Linter {
    constructor(options: { config?: LinterConfig; resolver: Resolver });
    lint(definitions: ModdleElement, config?: LinterConfig): Promise<Record<string, LintReport[]>>;
  }

  const bpmnlint: { Linter: typeof Linter };
  export default bpmnlint;
}

declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  import type { Resolver } from 'bpmnlint';

  class NodeResolver implements Resolver {
    constructor(options?: { require?: NodeJS.Require; requireLocal?: NodeJS.Require });
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export default NodeResolver;
}
