/**
 * The validation rules of a Camunda Form (form-js `validate`: required,
 * minLength, maxLength, min, max, pattern), checked again on the server
 * before a task is completed, with messages in Chinese, per field. The
 * browser's form viewer checks the same rules first; this catches a stale
 * page or a script. Fields shown only under a condition are left to the
 * viewer, which evaluates the FEEL condition.
 */
import type { FieldError } from '../../api-types.ts';

interface FormComponent {
  readonly type?: string;
  readonly key?: string;
  readonly path?: string;
  readonly label?: string;
  readonly readonly?: boolean | string;
  readonly disabled?: boolean;
  readonly conditional?: unknown;
  readonly validate?: {
    readonly required?: boolean;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly min?: number;
    readonly max?: number;
    readonly pattern?: string;
  };
  readonly components?: readonly FormComponent[];
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function checkField(component: FormComponent, value: unknown, field: string, errors: FieldError[]): void {
  const rules = component.validate ?? {};
  const label = component.label?.trim() || component.key || field;
  if (isEmpty(value)) {
    if (rules.required) errors.push({ field, zh: `“${label}”为必填项`, en: `"${label}" is required` });
    return;
  }
  if (typeof value === 'string') {
    if (rules.minLength !== undefined && value.length < rules.minLength) {
      errors.push({ field, zh: `“${label}”至少 ${rules.minLength} 个字符`, en: `"${label}" needs at least ${rules.minLength} characters` });
    }
    if (rules.maxLength !== undefined && value.length > rules.maxLength) {
      errors.push({ field, zh: `“${label}”不能超过 ${rules.maxLength} 个字符`, en: `"${label}" may have at most ${rules.maxLength} characters` });
    }
    if (rules.pattern) {
      let pattern: RegExp | undefined;
      try {
        pattern = new RegExp(rules.pattern);
      } catch {
        pattern = undefined;
      }
      if (pattern && !pattern.test(value)) {
        errors.push({ field, zh: `“${label}”格式不正确`, en: `"${label}" does not have the expected format` });
      }
    }
  }
  if (typeof value === 'number') {
    if (rules.min !== undefined && value < rules.min) errors.push({ field, zh: `“${label}”不能小于 ${rules.min}`, en: `"${label}" must be at least ${rules.min}` });
    if (rules.max !== undefined && value > rules.max) errors.push({ field, zh: `“${label}”不能大于 ${rules.max}`, en: `"${label}" must be at most ${rules.max}` });
  }
}

function walk(components: readonly FormComponent[], values: Readonly<Record<string, unknown>>, prefix: string, errors: FieldError[]): void {
  for (const component of components) {
    if (component.conditional !== undefined || component.readonly === true || component.disabled === true) continue;
    if (component.type === 'dynamiclist' && component.path) {
      const rows = values[component.path];
      if (!Array.isArray(rows)) continue;
      rows.forEach((row, index) => {
        const rowValues = row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Record<string, unknown>) : {};
        walk(component.components ?? [], rowValues, `${prefix}${component.path}[${index}].`, errors);
      });
      continue;
    }
    if (component.components) {
      const nested = component.path ? values[component.path] : values;
      const nestedValues = nested !== null && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : {};
      walk(component.components, nestedValues, component.path ? `${prefix}${component.path}.` : prefix, errors);
      continue;
    }
    if (component.key && component.validate) checkField(component, values[component.key], `${prefix}${component.key}`, errors);
  }
}

/** Problems of `values` (what the task will hold after completion) against the form's rules; empty when it passes. */
export function validateFormValues(schema: unknown, values: Readonly<Record<string, unknown>>): FieldError[] {
  const components = (schema as { components?: unknown } | null)?.components;
  if (!Array.isArray(components)) return [];
  const errors: FieldError[] = [];
  walk(components as FormComponent[], values, '', errors);
  return errors;
}

/** The top-level keys (and dynamic-list paths) a form's rules read, to fetch only those variables. */
export function formFieldNames(schema: unknown): string[] {
  const names = new Set<string>();
  const visit = (components: readonly FormComponent[]) => {
    for (const component of components) {
      if (component.path) {
        names.add(component.path);
        continue;
      }
      if (component.key) names.add(component.key);
      if (component.components) visit(component.components);
    }
  };
  const components = (schema as { components?: unknown } | null)?.components;
  if (Array.isArray(components)) visit(components as FormComponent[]);
  return [...names];
}
