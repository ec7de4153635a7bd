/**
 * What a form sends and how its errors are counted, as pure functions of the
 * form-js schema and state (no DOM), so they are unit-tested.
 */

export interface SchemaComponent {
  readonly id?: string;
  readonly type?: string;
  readonly key?: string;
  readonly path?: string;
  readonly label?: string;
  readonly dateLabel?: string;
  readonly readonly?: boolean | string;
  readonly disabled?: boolean;
  readonly components?: readonly SchemaComponent[];
}

function topLevel(schema: unknown): readonly SchemaComponent[] {
  const components = (schema as { components?: unknown } | null)?.components;
  return Array.isArray(components) ? (components as SchemaComponent[]) : [];
}

/** The top-level variable a component writes: its key, or a dynamic list's path; groups without a path pass through. */
function* variablesOf(components: readonly SchemaComponent[]): Generator<{ name: string; component: SchemaComponent }> {
  for (const component of components) {
    const name = component.key ?? component.path;
    if (name) yield { name: name.split('.')[0] ?? name, component };
    else if (component.components) yield* variablesOf(component.components);
  }
}

/**
 * The variables to send: the form's data without the fields the user could
 * not change (readonly, as the schema says it outright). Those hold the
 * case's own values (a 期限, a comment sent back) and are not the task's to
 * write again, possibly with another type.
 */
export function submittedVariables(schema: unknown, data: Record<string, unknown>): Record<string, unknown> {
  const readOnly = new Set<string>();
  for (const { name, component } of variablesOf(topLevel(schema))) if (component.readonly === true) readOnly.add(name);
  return Object.fromEntries(Object.entries(data).filter(([name]) => !readOnly.has(name)));
}

/**
 * The number of messages in form-js's errors: `{ fieldId: string[] }`, and
 * for a field in a dynamic list `{ fieldId: { 0: string[] } }`. An empty
 * array is no error (form-js leaves `{ list: [] }` behind once a row was
 * edited, which Operaton's Tasklist took for one).
 */
export function countErrors(errors: unknown): number {
  if (typeof errors === 'string') return 1;
  if (Array.isArray(errors)) return errors.reduce<number>((sum, item) => sum + countErrors(item), 0);
  if (errors && typeof errors === 'object') return Object.values(errors).reduce<number>((sum, item) => sum + countErrors(item), 0);
  return 0;
}

/** Label of each variable a form writes (for the server's field errors): `patrolTargetName` → 被巡查地区或单位. */
export function fieldLabels(schema: unknown): Map<string, string> {
  const labels = new Map<string, string>();
  const walk = (components: readonly SchemaComponent[]): void => {
    for (const component of components) {
      const name = component.key ?? component.path;
      const label = component.label ?? component.dateLabel;
      if (name && label && !labels.has(name)) labels.set(name, label);
      if (component.components) walk(component.components);
    }
  };
  walk(topLevel(schema));
  return labels;
}
