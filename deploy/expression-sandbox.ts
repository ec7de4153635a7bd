/**
 * The JUEL sandbox, checked before deployment: a diagram's expressions may call
 * methods only on the project's beans (lists, maps, dates, collector), on the
 * variable scope (`execution`, `task`) for the variable methods the diagrams
 * use, and on plain values (text, numbers, lists, maps) for a few harmless
 * methods; they may read no property that reaches the engine or Java's
 * reflection (`execution.processEngine`, `''.class`), and call no function.
 * The engine's own sandbox (cn.anquan.engine.sandbox) enforces the same allowlist
 * again at run time, so a diagram deployed around this check gets no further.
 *
 * The parser follows JUEL's grammar (the EL 2.2 syntax with method calls that
 * Operaton's juel fork implements): composite text with `${…}` and `#{…}`,
 * literals, the operators, `a.b`, `a[b]`, `a.b(…)`, `a[b](…)` and `ns:f(…)`.
 */
export interface ExpressionAllowlist {
  /** Bean name → the methods an expression may call on it. */
  readonly beans: Readonly<Record<string, readonly string[]>>;
  /** `execution` and `task` (and `task.execution`): methods and properties. */
  readonly variableScope: { readonly names: readonly string[]; readonly methods: readonly string[]; readonly properties: readonly string[] };
  /** Methods on anything else (a variable: text, number, list, map). */
  readonly values: { readonly methods: readonly string[] };
  /** Property names refused on any value (Java reflection and the engine behind a getter). */
  readonly deniedProperties: readonly string[];
  /** Functions (`now()`, `ns:f()`) an expression may call. */
  readonly functions: readonly string[];
}

/**
 * The allowlist, taken from the real use in processes/*.bpmn (the unit tests check that the
 * diagrams use exactly these). The engine reads the same lists from its
 * `src/main/resources/expression-allowlist.properties`; a unit test keeps the two equal. It is a
 * constant here, not read from that file, because the modeler image carries deploy/ without the
 * engine's sources.
 */
export const EXPRESSION_ALLOWLIST: ExpressionAllowlist = {
  // Every public method of the helper beans in deploy/engine/src/main/java/cn/anquan/engine/expression/.
  beans: {
    lists: ['of', 'join', 'pluck', 'flatten', 'compact', 'distinct', 'concat', 'where', 'whereIn', 'except', 'first', 'anyMatch', 'anyBlank', 'anyFieldsEqual', 'select', 'max'],
    maps: ['of', 'put'],
    dates: ['plusDays', 'durationDays'],
    collector: ['start', 'put'],
  },
  variableScope: {
    names: ['execution', 'task'],
    // Reading and writing process variables; task.setName for the approval steps' task names.
    methods: ['getVariable', 'getVariableLocal', 'setVariable', 'removeVariable', 'setName'],
    // The business key into called processes, the instance id into letters, the reviewer, a task's execution.
    properties: ['processBusinessKey', 'processInstanceId', 'assignee', 'execution'],
  },
  // Text (concat, substring, compareTo of ISO dates, contains), numbers (intValue, compareTo), lists and maps (size, contains).
  values: { methods: ['concat', 'substring', 'compareTo', 'intValue', 'size', 'contains'] },
  deniedProperties: ['class', 'classLoader', 'declaringClass', 'module', 'protectionDomain', 'processEngine', 'processEngineServices', 'processEngineConfiguration'],
  functions: [],
};

export type SandboxRule = 'expression-method' | 'expression-property' | 'expression-function' | 'expression-syntax';

export interface SandboxViolation {
  readonly rule: SandboxRule;
  /** Bilingual, `中文 / English`. */
  readonly message: string;
}

// --- tokens ------------------------------------------------------------------------------------

type Token =
  | { readonly kind: 'ident'; readonly text: string; readonly at: number }
  | { readonly kind: 'string'; readonly text: string; readonly at: number }
  | { readonly kind: 'number'; readonly text: string; readonly at: number }
  | { readonly kind: 'op'; readonly text: string; readonly at: number }
  | { readonly kind: 'end'; readonly text: '}'; readonly at: number };

const KEYWORD_OPERATORS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'div', 'mod', 'empty', 'instanceof']);
const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']'];

class SyntaxFailure extends Error {
  constructor(
    readonly chinese: string,
    readonly english: string,
  ) {
    super(english);
  }
}

/** Tokens of one `${…}` body starting at `start` (just after the brace), up to and including its closing `}`. */
function tokenize(text: string, start: number): { tokens: Token[]; end: number } {
  const tokens: Token[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === '}') {
      tokens.push({ kind: 'end', text: '}', at: i });
      return { tokens, end: i + 1 };
    }
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j += 1) {
        if (text[j] === '\\' && j + 1 < text.length) j += 1;
        value += text[j];
      }
      if (j >= text.length) throw new SyntaxFailure('未闭合的字符串', 'unterminated string');
      tokens.push({ kind: 'string', text: value, at: i });
      i = j + 1;
      continue;
    }
    const number = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && /[\d.]/.test(c) && !(c === '.' && !/\d/.test(text[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', text: number[0], at: i });
      i += number[0].length;
      continue;
    }
    const identifier = /^[\p{L}_$][\p{L}\p{N}_$]*/u.exec(text.slice(i));
    if (identifier) {
      tokens.push({ kind: 'ident', text: identifier[0], at: i });
      i += identifier[0].length;
      continue;
    }
    const operator = OPERATORS.find((candidate) => text.startsWith(candidate, i));
    if (!operator) throw new SyntaxFailure(`无法识别的字符 "${c}"`, `unexpected character "${c}"`);
    tokens.push({ kind: 'op', text: operator, at: i });
    i += operator.length;
  }
  throw new SyntaxFailure('表达式缺少结尾的 }', 'the expression has no closing }');
}

// --- syntax tree ---------------------------------------------------------------------------------

export type Node =
  | { readonly kind: 'identifier'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'property'; readonly base: Node; readonly name?: string; readonly index?: Node }
  | { readonly kind: 'call'; readonly base: Node; readonly name?: string; readonly index?: Node; readonly args: readonly Node[] }
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: 'operation'; readonly operands: readonly Node[] };

class Parser {
  private position = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    this.position += 1;
    return token;
  }
  private isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'op' && token.text === text) || (token.kind === 'ident' && token.text === text && KEYWORD_OPERATORS.has(text));
  }
  private expect(text: string): void {
    if (!this.isOp(text)) throw new SyntaxFailure(`此处应为 "${text}"，却是 "${this.peek().text}"`, `expected "${text}", found "${this.peek().text}"`);
    this.position += 1;
  }

  parseEval(): Node {
    const node = this.expression();
    if (this.peek().kind !== 'end') throw new SyntaxFailure(`多余的 "${this.peek().text}"`, `unexpected "${this.peek().text}"`);
    return node;
  }

  private expression(): Node {
    const condition = this.binary(0);
    if (!this.isOp('?')) return condition;
    this.next();
    const whenTrue = this.expression();
    this.expect(':');
    const whenFalse = this.expression();
    return { kind: 'operation', operands: [condition, whenTrue, whenFalse] };
  }

  private static readonly LEVELS: ReadonlyArray<readonly string[]> = [
    ['||', 'or'],
    ['&&', 'and'],
    ['==', '!=', 'eq', 'ne'],
    ['<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge'],
    ['+', '-'],
    ['*', '/', '%', 'div', 'mod'],
  ];

  private binary(level: number): Node {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    while (Parser.LEVELS[level]!.some((operator) => this.isOp(operator))) {
      this.next();
      left = { kind: 'operation', operands: [left, this.binary(level + 1)] };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('-') || this.isOp('!') || this.isOp('not') || this.isOp('empty')) {
      this.next();
      return { kind: 'operation', operands: [this.unary()] };
    }
    return this.value();
  }

  private value(): Node {
    let node = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') throw new SyntaxFailure(`"." 后应为名称`, `a name must follow "."`);
        node = this.isOp('(') ? { kind: 'call', base: node, name: name.text, args: this.args() } : { kind: 'property', base: node, name: name.text };
      } else if (this.isOp('[')) {
        this.next();
        const index = this.expression();
        this.expect(']');
        const name = index.kind === 'literal' ? index.value : undefined;
        const target = name === undefined ? { index } : { name };
        node = this.isOp('(') ? { kind: 'call', base: node, ...target, args: this.args() } : { kind: 'property', base: node, ...target };
      } else {
        return node;
      }
    }
  }

  private args(): Node[] {
    this.expect('(');
    const args: Node[] = [];
    if (!this.isOp(')')) {
      args.push(this.expression());
      while (this.isOp(',')) {
        this.next();
        args.push(this.expression());
      }
    }
    this.expect(')');
    return args;
  }

  private primary(): Node {
    const token = this.next();
    if (token.kind === 'string' || token.kind === 'number') return { kind: 'literal', value: token.text };
    if (token.kind === 'op' && token.text === '(') {
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'ident' && !KEYWORD_OPERATORS.has(token.text)) {
      if (['true', 'false', 'null'].includes(token.text)) return { kind: 'literal', value: token.text };
      // ns:f(…), as JUEL reads it: identifier, colon, identifier, parenthesis.
      if (this.isOp(':') && this.peek(1).kind === 'ident' && this.isOp('(', 2)) {
        this.next();
        const local = this.next().text;
        return { kind: 'function', name: `${token.text}:${local}`, args: this.args() };
      }
      if (this.isOp('(')) return { kind: 'function', name: token.text, args: this.args() };
      return { kind: 'identifier', name: token.text };
    }
    throw new SyntaxFailure(`此处不应出现 "${token.text}"`, `unexpected "${token.text}"`);
  }
}

/**
 * The `${…}` and `#{…}` parts of a text, as JUEL splits composite text (`\${` is an escaped
 * dollar). A part that does not parse is a syntax problem.
 */
export interface ExpressionPart {
  /** The `${…}` text (to the end of the text when it does not parse). */
  readonly source: string;
  readonly tree?: Node;
  /** Why it does not parse, bilingual; with the two halves apart. */
  readonly error?: string;
  readonly chinese?: string;
  readonly english?: string;
}

export function parseExpressions(text: string): ExpressionPart[] {
  const parts: ExpressionPart[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '$' || text[i + 1] === '#') && text[i + 2] === '{') {
      i += 3;
      continue;
    }
    if ((c === '$' || c === '#') && text[i + 1] === '{') {
      try {
        const { tokens, end } = tokenize(text, i + 2);
        parts.push({ source: text.slice(i, end), tree: new Parser(tokens).parseEval() });
        i = end;
      } catch (error) {
        if (!(error instanceof SyntaxFailure)) throw error;
        parts.push({ source: text.slice(i), error: `${error.chinese} / ${error.english}`, chinese: error.chinese, english: error.english });
        return parts;
      }
      continue;
    }
    i += 1;
  }
  return parts;
}

// --- the check ----------------------------------------------------------------------------------

type Receiver = { readonly kind: 'bean'; readonly name: string } | { readonly kind: 'scope'; readonly name: string } | { readonly kind: 'value' };

function receiverOf(node: Node, allowlist: ExpressionAllowlist): Receiver {
  if (node.kind === 'identifier') {
    if (Object.hasOwn(allowlist.beans, node.name)) return { kind: 'bean', name: node.name };
    if (allowlist.variableScope.names.includes(node.name)) return { kind: 'scope', name: node.name };
  }
  // task.execution is the task's execution.
  if (node.kind === 'property' && node.name === 'execution' && receiverOf(node.base, allowlist).kind === 'scope') return { kind: 'scope', name: 'task.execution' };
  return { kind: 'value' };
}

function describeBase(node: Node): string {
  switch (node.kind) {
    case 'identifier':
      return node.name;
    case 'literal':
      return `'${node.value}'`;
    case 'property':
      return `${describeBase(node.base)}.${node.name ?? '[…]'}`;
    case 'call':
      return `${describeBase(node.base)}.${node.name ?? '[…]'}(…)`;
    case 'function':
      return `${node.name}(…)`;
    default:
      return '(…)';
  }
}

function children(node: Node): readonly Node[] {
  switch (node.kind) {
    case 'property':
      return node.index ? [node.base, node.index] : [node.base];
    case 'call':
      return [node.base, ...(node.index ? [node.index] : []), ...node.args];
    case 'function':
      return node.args;
    case 'operation':
      return node.operands;
    default:
      return [];
  }
}

function checkNode(node: Node, allowlist: ExpressionAllowlist, found: SandboxViolation[]): void {
  // Inner parts first: in `execution.getProcessEngine().getRuntimeService()` the first refusal is getProcessEngine.
  for (const child of children(node)) checkNode(child, allowlist, found);
  const method = (text: string, reason: string) =>
    found.push({ rule: 'expression-method', message: `${text}：${reason}` });
  if (node.kind === 'call') {
    const receiver = receiverOf(node.base, allowlist);
    const call = `${describeBase(node.base)}.${node.name ?? '[…]'}(…)`;
    if (node.name === undefined) {
      method(call, '方法名须为固定名称 / the method name must be a fixed name');
    } else if (receiver.kind === 'bean') {
      const allowed = allowlist.beans[receiver.name] ?? [];
      if (!allowed.includes(node.name)) {
        method(
          call,
          `${receiver.name} 没有可在表达式中调用的方法 ${node.name}（可用：${allowed.join('、')}）/ ${receiver.name} has no method ${node.name} for expressions (allowed: ${allowed.join(', ')})`,
        );
      }
    } else if (receiver.kind === 'scope') {
      if (!allowlist.variableScope.methods.includes(node.name)) {
        method(
          call,
          `${receiver.name} 只可调用变量方法 ${allowlist.variableScope.methods.join('、')} / only the variable methods ${allowlist.variableScope.methods.join(', ')} may be called on ${receiver.name}`,
        );
      }
    } else if (!allowlist.values.methods.includes(node.name)) {
      method(
        call,
        `表达式只可调用已登记组件（${Object.keys(allowlist.beans).join('、')}）的方法、流程变量方法和值的方法 ${allowlist.values.methods.join('、')} / ` +
          `expressions may call only the registered beans (${Object.keys(allowlist.beans).join(', ')}), the variable methods and the value methods ${allowlist.values.methods.join(', ')}`,
      );
    }
  } else if (node.kind === 'property') {
    const receiver = receiverOf(node.base, allowlist);
    const access = `${describeBase(node.base)}.${node.name ?? '[…]'}`;
    const property = (reason: string) => found.push({ rule: 'expression-property', message: `${access}：${reason}` });
    if (receiver.kind === 'bean') {
      property(`组件 ${receiver.name} 没有可读取的属性，只可调用其方法 / the bean ${receiver.name} has no readable properties, only its methods`);
    } else if (receiver.kind === 'scope') {
      if (node.name === undefined || !allowlist.variableScope.properties.includes(node.name)) {
        property(
          `${receiver.name} 只可读取 ${allowlist.variableScope.properties.join('、')}；变量请用 getVariable / only ${allowlist.variableScope.properties.join(', ')} may be read from ${receiver.name}; read variables with getVariable`,
        );
      }
    } else if (node.name !== undefined && allowlist.deniedProperties.includes(node.name)) {
      property(`不得读取属性 ${node.name}（通向 Java 反射或引擎内部）/ the property ${node.name} must not be read (it leads to Java reflection or the engine's internals)`);
    }
  } else if (node.kind === 'function' && !allowlist.functions.includes(node.name)) {
    found.push({
      rule: 'expression-function',
      message: `${node.name}(…)：表达式不得调用函数或静态方法，请用已登记组件 ${Object.keys(allowlist.beans).join('、')} / expressions may call no function or static method; use the registered beans ${Object.keys(allowlist.beans).join(', ')}`,
    });
  }
}

/** What the sandbox refuses in one text (attribute value or element body) holding `${…}` or `#{…}` parts. */
export function checkExpressionText(text: string, allowlist: ExpressionAllowlist = EXPRESSION_ALLOWLIST): SandboxViolation[] {
  const found: SandboxViolation[] = [];
  for (const part of parseExpressions(text)) {
    const source = part.source.length > 120 ? `${part.source.slice(0, 117)}…` : part.source;
    if (part.error !== undefined || part.tree === undefined) {
      found.push({ rule: 'expression-syntax', message: `${source}：不是有效的 JUEL 表达式（${part.chinese}）/ is not a valid JUEL expression (${part.english})` });
      continue;
    }
    const inPart: SandboxViolation[] = [];
    checkNode(part.tree, allowlist, inPart);
    found.push(...inPart.map((violation) => ({ ...violation, message: `${source} — ${violation.message}` })));
  }
  return found;
}

/** Every method call, property read and function call of an expression text, for the inventory and tests. */
export function expressionUses(text: string, allowlist: ExpressionAllowlist = EXPRESSION_ALLOWLIST): string[] {
  const uses: string[] = [];
  const visit = (node: Node): void => {
    if (node.kind === 'call') {
      const receiver = receiverOf(node.base, allowlist);
      uses.push(`call ${receiver.kind === 'value' ? 'value' : receiver.name}.${node.name ?? '[]'}`);
    } else if (node.kind === 'property') {
      const receiver = receiverOf(node.base, allowlist);
      if (receiver.kind !== 'value') uses.push(`property ${receiver.name}.${node.name ?? '[]'}`);
    } else if (node.kind === 'function') {
      uses.push(`function ${node.name}`);
    }
    children(node).forEach(visit);
  };
  for (const part of parseExpressions(text)) if (part.tree) visit(part.tree);
  return uses;
}
