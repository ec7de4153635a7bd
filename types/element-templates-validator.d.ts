/** Minimal typings for @bpmn-io/element-templates-validator: only what the element template tests use. */
declare module '@bpmn-io/element-templates-validator' {
  export interface TemplateValidation {
    readonly valid: boolean;
    readonly object: unknown;
    readonly errors?: readonly unknown[];
  }
  /** Validates Camunda 7 element templates against the @camunda/element-templates-json-schema it bundles. */
  export function validateAll(templates: readonly unknown[]): { readonly valid: boolean; readonly results: readonly TemplateValidation[] };
  /** The schema package `validateAll` checks against, and its version. */
  export function getSchemaPackage(): string;
  export function getSchemaVersion(): string;
}
