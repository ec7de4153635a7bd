/**
 * bpmn-js `translate` service in Chinese: replaces the default service of the
 * same name, which every bpmn-js and properties panel module asks for.
 * Placeholders such as `{label}` are filled after translating, as the default does.
 */
import { zh } from './zh.ts';

export function translateZh(template: string, replacements: Readonly<Record<string, unknown>> = {}): string {
  const translated = zh[template] ?? template;
  return translated.replace(/{([^}]+)}/g, (placeholder, key: string) => {
    const value = replacements[key];
    return value === undefined || value === null ? placeholder : String(value);
  });
}

export default {
  translate: ['value', translateZh],
};
