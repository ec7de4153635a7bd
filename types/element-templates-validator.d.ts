/** Minimal typings for @bpmn-io/element-templates-validator: only what the element template tests use. */
declare module '@bpmn-io/element-templates-validator' {
  export interface TemplateValidation {
    readonly valid: boolean;
    readonly object: unknown;
    readonly errors?: readonly unknown[];
  }
  /** Validates Camunda 8 (Zeebe) element templates against the schema version each declares. */
  export function validateAllZeebe(templates: readonly unknown[]): { readonly valid: boolean; readonly results: readonly TemplateValidation[] };
}
