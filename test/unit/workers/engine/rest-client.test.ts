/**
 * What EngineRestClient makes of one exchange, with no engine: the request it
 * builds, and how it reads a literal answer handed to it through its `fetch`
 * option. How the real engine answers (its error types and messages, 401 for an
 * unknown login, 403 for a missing authorization) is tested against the test
 * engine in test/integration/workers/engine/external-task-runtime.test.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EngineRestClient, EngineRestError, EngineUnreachableError } from '../../../../workers/engine/rest-client.ts';

interface SentRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Headers;
  readonly body: RequestInit['body'];
}

/** A client whose every request is recorded and answered with `answer` (a literal response). */
function clientAnswering(answer: () => Response, options: { username?: string; password?: string } = {}) {
  const sent: SentRequest[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    sent.push({ url: new URL(String(input)), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: init?.body });
    return answer();
  };
  const client = new EngineRestClient({
    baseUrl: 'http://engine.test:8080/engine-rest/',
    username: options.username ?? 'anquan-worker',
    password: options.password ?? 'demo',
    fetch: recordingFetch,
  });
  return { client, sent };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

/** A port nothing listens on: a real connection refusal. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('EngineRestClient requests', () => {
  it('sends HTTP Basic, asks for JSON and reads a JSON answer', async () => {
    const { client, sent } = clientAnswering(() => json(200, { version: '1.0.3' }));
    await expect(client.version()).resolves.toBe('1.0.3');
    expect(sent[0]?.url.href).toBe('http://engine.test:8080/engine-rest/version');
    expect(sent[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from('anquan-worker:demo').toString('base64')}`);
    expect(sent[0]?.headers.get('accept')).toBe('application/json');
  });

  it('sends a body as JSON', async () => {
    const { client, sent } = clientAnswering(() => new Response(null, { status: 204 }));
    await client.extendLock('task 1', 'worker-1', 60_000);
    expect(sent[0]).toMatchObject({ method: 'POST' });
    expect(sent[0]?.url.pathname).toBe('/engine-rest/external-task/task%201/extendLock');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(String(sent[0]?.body))).toEqual({ workerId: 'worker-1', newDuration: 60_000 });
  });

  it('appends query parameters, leaving undefined ones out', async () => {
    const { client, sent } = clientAnswering(() => json(200, []));
    await client.request('GET', '/incident', undefined, { query: { processInstanceId: 'a b', maxResults: 5, active: true, skipped: undefined } });
    expect(Object.fromEntries(sent[0]!.url.searchParams)).toEqual({ processInstanceId: 'a b', maxResults: '5', active: 'true' });
  });

  it('resolves 204 to undefined and hands over a body that is not JSON as text', async () => {
    await expect(clientAnswering(() => new Response(null, { status: 204 })).client.unlock('t')).resolves.toBeUndefined();
    const xml = clientAnswering(() => new Response('<bpmn:definitions/>', { status: 200, headers: { 'content-type': 'application/octet-stream' } }));
    await expect(xml.client.request('GET', '/deployment/d/resources/r/data')).resolves.toBe('<bpmn:definitions/>');
  });

  it('reaches paths beside the REST base with absolutePath', async () => {
    const { client, sent } = clientAnswering(() => json(200, { time: '2026-12-01T01:00:00.000Z', pinned: false }));
    await client.request('GET', '/engine-test/clock', undefined, { absolutePath: true });
    expect(sent[0]?.url.href).toBe('http://engine.test:8080/engine-test/clock');
  });

  it('as() keeps the base URL and the fetch, and switches the identity', async () => {
    const { client, sent } = clientAnswering(() => json(200, { version: '1.0.3' }));
    const admin = client.as('demo', 'demo');
    expect(admin.baseUrl).toBe(client.baseUrl);
    expect(admin.username).toBe('demo');
    await admin.version();
    expect(sent[0]?.headers.get('authorization')).toBe(`Basic ${Buffer.from('demo:demo').toString('base64')}`);
  });

  it('creates a deployment as multipart, one part per file named by its resource name', async () => {
    const { client, sent } = clientAnswering(() =>
      json(200, {
        id: 'd1',
        name: 'anquan',
        source: 'anquan-deploy-cli',
        deploymentTime: '2026-03-02T09:00:00.000+0800',
        tenantId: null,
        deployedProcessDefinitions: { 'safety-patrol:1:x': { id: 'safety-patrol:1:x', key: 'safety-patrol', version: 1 } },
        deployedCaseDefinitions: null,
        deployedDecisionDefinitions: null,
        deployedDecisionRequirementsDefinitions: null,
      }),
    );
    const deployment = await client.createDeployment({
      name: 'anquan',
      source: 'anquan-deploy-cli',
      deployChangedOnly: true,
      files: [
        { name: 'safety-patrol.bpmn', content: '<definitions>巡查</definitions>' },
        { name: 'forms/patrol-start.form', content: Buffer.from('{"id":"patrol-start"}') },
      ],
    });
    expect(deployment.deployedProcessDefinitions?.['safety-patrol:1:x']?.key).toBe('safety-patrol');
    expect(sent[0]?.url.pathname).toBe('/engine-rest/deployment/create');
    // Through the wire format and back, as the engine's multipart parser reads it.
    const form = await new Request('http://engine.test/', { method: 'POST', body: sent[0]!.body as FormData }).formData();
    const fields: Record<string, string> = {};
    const files: Record<string, { filename: string; text: string }> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = value;
      else files[name] = { filename: value.name, text: await value.text() };
    }
    expect(fields).toEqual({ 'deployment-name': 'anquan', 'deployment-source': 'anquan-deploy-cli', 'deploy-changed-only': 'true' });
    expect(files).toEqual({
      'safety-patrol.bpmn': { filename: 'safety-patrol.bpmn', text: '<definitions>巡查</definitions>' },
      'forms/patrol-start.form': { filename: 'forms/patrol-start.form', text: '{"id":"patrol-start"}' },
    });
  });

  it('encodes the variables of start, message and signal requests', async () => {
    const sent: Array<{ path: string; body: unknown }> = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const { pathname } = new URL(String(input));
      sent.push({ path: pathname, body: JSON.parse(String(init?.body)) });
      if (pathname.endsWith('/signal')) return new Response(null, { status: 204 });
      return json(200, pathname.endsWith('/message') ? [] : { id: 'pi-1', definitionId: 'd', businessKey: 'B-1', ended: false, suspended: false, tenantId: null });
    };
    const client = new EngineRestClient({ baseUrl: 'http://engine/engine-rest', username: 'demo', password: 'demo', fetch: recordingFetch });
    await client.startProcessInstance('safety-patrol', { patrolNumber: 'XC-1', plan: { rounds: 2 } }, { businessKey: 'B-1' });
    await client.correlateMessage({ messageName: 'patrol-report-received', correlationKeys: { patrolNumber: 'XC-1' }, processVariables: { report: 'ok' } });
    await client.broadcastSignal({ name: 'campaign-closed', variables: { closedBy: 'demo' } });
    expect(sent).toEqual([
      {
        path: '/engine-rest/process-definition/key/safety-patrol/start',
        body: { variables: { patrolNumber: { value: 'XC-1', type: 'String' }, plan: { value: '{"rounds":2}', type: 'Json' } }, businessKey: 'B-1' },
      },
      {
        path: '/engine-rest/message',
        body: {
          messageName: 'patrol-report-received',
          correlationKeys: { patrolNumber: { value: 'XC-1', type: 'String' } },
          processVariables: { report: { value: 'ok', type: 'String' } },
          resultEnabled: true,
        },
      },
      { path: '/engine-rest/signal', body: { name: 'campaign-closed', variables: { closedBy: { value: 'demo', type: 'String' } } } },
    ]);
  });
});

describe('EngineRestClient errors', () => {
  it('turns an engine error body into a bilingual EngineRestError with its type, message, status and path', async () => {
    const { client } = clientAnswering(() => json(404, { type: 'InvalidRequestException', message: 'No matching definition with id no such/definition', code: 0 }));
    const error = await rejection(client.processDefinitionXml('no such/definition'));
    expect(error).toBeInstanceOf(EngineRestError);
    expect(error).toMatchObject({
      status: 404,
      type: 'InvalidRequestException',
      engineMessage: 'No matching definition with id no such/definition',
      method: 'GET',
      path: '/process-definition/no%20such%2Fdefinition/xml',
    });
    expect((error as Error).message).toBe(
      '引擎请求失败：对象不存在（可能已完成或已取消） / engine request failed: not found (it may have been completed or cancelled) ' +
        '(GET /process-definition/no%20such%2Fdefinition/xml → HTTP 404): InvalidRequestException: No matching definition with id no such/definition',
    );
  });

  it('explains each kind of status in both languages', async () => {
    const cases: Array<[number, RegExp]> = [
      [401, /^引擎请求失败：以用户 anquan-worker 登录失败.* \/ engine request failed: authentication as anquan-worker failed/],
      [403, /^引擎请求失败：用户 anquan-worker 无权执行此操作 \/ engine request failed: user anquan-worker is not authorized/],
      [400, /^引擎请求失败：请求被引擎拒绝 \/ engine request failed: the engine rejected the request/],
      [500, /^引擎请求失败：引擎内部错误 \/ engine request failed: the engine failed internally/],
    ];
    for (const [status, message] of cases) {
      const error = await rejection(clientAnswering(() => new Response(null, { status })).client.version());
      expect(error).toBeInstanceOf(EngineRestError);
      expect((error as EngineRestError).status).toBe(status);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('has no type when the body is empty, and keeps an excerpt of a body that is not the engine JSON', async () => {
    const empty = await rejection(clientAnswering(() => new Response(null, { status: 401 })).client.version());
    expect(empty).toMatchObject({ status: 401 });
    expect((empty as EngineRestError).type).toBeUndefined();
    expect((empty as EngineRestError).engineMessage).toBeUndefined();
    const page = `<html><body>502 Bad Gateway ${'网关'.repeat(200)}</body></html>`;
    const proxy = await rejection(clientAnswering(() => new Response(`\n${page}\n`, { status: 502, headers: { 'content-type': 'text/html' } })).client.version());
    expect((proxy as EngineRestError).type).toBeUndefined();
    expect((proxy as EngineRestError).engineMessage).toBe(page.slice(0, 200));
  });

  it('reports an engine nobody answers for, with the cause', async () => {
    const offline = new EngineRestClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/engine-rest`, username: 'u', password: 'p' });
    const error = await rejection(offline.version());
    expect(error).toBeInstanceOf(EngineUnreachableError);
    expect(error).toMatchObject({ method: 'GET', path: '/version' });
    expect((error as Error).message).toMatch(/^无法连接流程引擎 .* \/ cannot reach the engine at http:\/\/127\.0\.0\.1:\d+\/engine-rest \(GET \/version\): ECONNREFUSED/);
  });

  it('passes an abort on unchanged: it is the caller’s decision, not an engine problem', async () => {
    const offline = new EngineRestClient({ baseUrl: `http://127.0.0.1:${await closedPort()}/engine-rest`, username: 'u', password: 'p' });
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(offline.version({ signal: controller.signal }));
    expect(error).not.toBeInstanceOf(EngineUnreachableError);
    expect(error).toMatchObject({ name: 'AbortError' });
  });
  it('fails over: a request that gets no answer fails as before, and the next ones go to the next node, round the list', async () => {
    const second = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ version: '1.0.3' }));
    });
    await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', () => resolve()));
    const answering = `http://127.0.0.1:${(second.address() as AddressInfo).port}/engine-rest`;
    const gone = `http://127.0.0.1:${await closedPort()}/engine-rest`;
    try {
      const client = new EngineRestClient({ baseUrl: `${gone}/`, failoverUrls: [answering], username: 'u', password: 'p' });
      expect(client.baseUrl).toBe(gone);
      // Not re-sent to the other node by the client: the caller's retry is.
      const error = await rejection(client.version());
      expect(error).toBeInstanceOf(EngineUnreachableError);
      expect(error).toMatchObject({ baseUrl: gone });
      expect(client.baseUrl).toBe(answering);
      expect(await client.version()).toBe('1.0.3');
      // It stays where it is answered; another identity starts from there, with the full list.
      expect(client.baseUrl).toBe(answering);
      expect(client.as('v', 'q').baseUrl).toBe(answering);
      // Both gone: it keeps going round.
      await new Promise<void>((resolve) => second.close(() => resolve()));
      expect(await rejection(client.version())).toMatchObject({ baseUrl: answering });
      expect(client.baseUrl).toBe(gone);
    } finally {
      second.close();
    }
  });
});
