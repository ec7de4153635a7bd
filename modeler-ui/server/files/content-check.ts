/**
 * What the modeler UI accepts as the content of a diagram or form before it
 * lints or writes it: within the size limit; XML without DOCTYPE, entity
 * declarations, processing instructions, characters XML forbids or script
 * elements (bpmn:script, camunda:script or any other: diagram scripts would
 * run arbitrary code in the engine), well formed, with bpmn:definitions as its
 * root; a form is a JSON object with an id, no script and no absurd nesting
 * (deploy/check-resources.ts, the rule `npm run deploy` applies too). Anything
 * else is a 4xx with a Chinese and English message, never a crash.
 */
import path from 'node:path';
import { Parser } from 'saxen';
import { formContentProblem, invalidXmlCharacter } from '../../../deploy/check-resources.ts';
import { CAMUNDA_NAMESPACE, parseDiagram, parseForm } from '../../../deploy/project-files.ts';
import { HttpError } from '../errors.ts';
import type { ResourcePath } from './resource-path.ts';

const BPMN_MODEL_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

function rejected(code: string, zh: string, en: string, details: Record<string, unknown> = {}): HttpError {
  return new HttpError(400, code, zh, en, details);
}

export function assertSize(content: string, maxBytes: number): void {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) {
    throw new HttpError(413, 'too-large', `文件大小 ${bytes} 字节，超过上限 ${maxBytes} 字节`, `the file has ${bytes} bytes, more than the limit of ${maxBytes}`, {
      limitBytes: maxBytes,
    });
  }
}

/** Scans the XML once without resolving anything; throws on the first unsafe or malformed construct. */
export function assertSafeXml(xml: string): void {
  const character = invalidXmlCharacter(xml);
  if (character) throw rejected('xml-malformed', character.zh, character.en, { line: character.line });
  const parser = new Parser();
  parser.ns({ [BPMN_MODEL_NS]: 'bpmn', [CAMUNDA_NAMESPACE]: 'camunda' });
  let problem: HttpError | undefined;
  let depth = 0;
  let roots = 0;
  let seenMarkup = false;
  const stop = (error: HttpError): void => {
    problem ??= error;
    parser.stop();
  };
  const where = (context: () => { line: number; column: number }) => {
    const { line, column } = context();
    return { line: line + 1, column: column + 1 };
  };

  parser.on('attention', (text, _decode, context) => {
    const declaration = text.slice(0, 40).replace(/\s+/g, ' ');
    stop(
      rejected('xml-doctype', `不允许 DOCTYPE 或实体声明（${declaration}…）`, `DOCTYPE and entity declarations are not allowed (${declaration}…)`, where(context)),
    );
  });
  parser.on('question', (text, context) => {
    const isDeclaration = !seenMarkup && /^<\?xml\s/.test(text);
    seenMarkup = true;
    if (!isDeclaration) {
      stop(rejected('xml-processing-instruction', '不允许处理指令（<?…?>）', 'processing instructions (<?…?>) are not allowed', where(context)));
    }
  });
  parser.on('openTag', (name, _attrs, _decode, selfClosing, context) => {
    seenMarkup = true;
    const localName = (name.includes(':') ? name.slice(name.indexOf(':') + 1) : name).toLowerCase();
    if (localName === 'script') {
      stop(
        rejected(
          'xml-script',
          `不允许脚本元素 <${name}>（请用外部任务或 JUEL 表达式）`,
          `script elements are not allowed: <${name}> (use an external task or a JUEL expression)`,
          where(context),
        ),
      );
      return;
    }
    if (depth === 0) roots += 1;
    if (roots > 1) {
      stop(rejected('xml-malformed', 'XML 只能有一个根元素', 'XML must have exactly one root element', where(context)));
      return;
    }
    if (!selfClosing) depth += 1;
  });
  parser.on('closeTag', (_name, _decode, selfClosing) => {
    if (!selfClosing) depth -= 1;
  });
  parser.on('text', (value, _decode, context) => {
    if (depth === 0 && value.trim() !== '') {
      stop(rejected('xml-malformed', '根元素之外有文本', 'text outside the root element', where(context)));
    }
  });
  parser.on('error', (error, context) => {
    stop(rejected('xml-malformed', `XML 格式错误：${error.message}`, `malformed XML: ${error.message}`, where(context)));
  });

  parser.parse(xml.replace(/^\uFEFF/, ''));
  if (problem) throw problem;
  if (roots === 0) throw rejected('xml-malformed', '没有 XML 根元素', 'no XML root element');
  if (depth !== 0) throw rejected('xml-malformed', 'XML 元素未闭合', 'an XML element is not closed');
}

/**
 * Checks content for a resource and returns it when it may be linted and
 * written (lint problems are not a reason to refuse a save).
 */
export async function assertAcceptableContent(resource: ResourcePath, content: unknown, maxBytes: number): Promise<string> {
  if (typeof content !== 'string') {
    throw rejected('invalid-content', '"content" 须为字符串（文件全文）', '"content" must be a string (the whole file)');
  }
  assertSize(content, maxBytes);
  if (resource.kind === 'process') {
    assertSafeXml(content);
    const parsed = await parseDiagram(path.join('processes', resource.relative), content);
    if (!parsed.definitions) {
      throw rejected('bpmn-invalid', `不是有效的 BPMN：${parsed.problems[0]?.message ?? ''}`, `not a valid BPMN diagram: ${parsed.problems[0]?.message ?? ''}`);
    }
    if (parsed.definitions.$type !== 'bpmn:Definitions') {
      throw rejected('bpmn-invalid', '根元素须为 bpmn:definitions', 'the root element must be bpmn:definitions');
    }
    return content;
  }
  const form = parseForm(resource.relative, content);
  if (form.formId === undefined) {
    throw rejected('form-invalid', `不是有效的表单：${form.problems[0]?.message ?? ''}`, `not a valid form: ${form.problems[0]?.message ?? ''}`);
  }
  // No markup that runs code when Tasklist renders the form, no absurd nesting: the rule of `npm run deploy`.
  const problem = formContentProblem(JSON.parse(content));
  if (problem) throw rejected(problem.code, problem.zh, problem.en);
  return content;
}
