/**
 * The engine application accepts the staff workbench's signed user tokens
 * (workers/engine/user-token.ts) next to HTTP Basic: a valid token makes the
 * call that person's, with that person's groups and authorizations; every
 * token that is forged, expired, for an unknown user or malformed is a 401;
 * a token never carries admin rights; HTTP Basic works as before.
 */
import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../../deploy/local/demo-users.ts';
import { LOCAL_LOGIN } from '../../../../deploy/local/manifest.ts';
import { CandidateGroup } from '../../../../workers/contract.ts';
import { EngineRestClient, EngineRestError } from '../../../../workers/engine/rest-client.ts';
import { signUserToken } from '../../../../workers/engine/user-token.ts';
import { oneTaskProcess } from '../../support/one-task-process.ts';
import { testEngineConfig, userTokenClient } from '../../support/test-engine.ts';

const config = testEngineConfig();
const secret = config.engine.userTokenSecret;
const admin = new EngineRestClient({ baseUrl: config.engine.restUrl, ...LOCAL_LOGIN });
const unit = CandidateGroup.patrolledUnit; // bei-xuncha-danwei
const office = CandidateGroup.safetyCommitteeOffice; // anwei-ban

const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const bearer = (token: string) => `Bearer ${token}`;

/** A token signed like user-token.ts does, but with any payload (to build malformed ones that still carry a valid MAC). */
function signedPayload(payload: string, key: string = secret): string {
  const signed = `at1.${payload}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}
const encode = (claims: unknown) => Buffer.from(JSON.stringify(claims)).toString('base64url');
const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

/** One raw request, so the status and headers are the engine's own. */
async function call(authorization: string | undefined, path = '/engine-rest/version', init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (authorization !== undefined) headers.set('authorization', authorization);
  headers.set('accept', 'application/json');
  return fetch(`${new URL(config.engine.restUrl).origin}${path}`, { ...init, headers });
}

interface TaskDto {
  readonly id: string;
  readonly processInstanceId: string;
}

let unitInstance: string;
let officeInstance: string;

beforeAll(async () => {
  await admin.createDeployment({
    name: 'user-token-check',
    source: 'integration-tests',
    deployChangedOnly: true,
    files: [
      { name: 'user-token-unit.bpmn', content: oneTaskProcess('user-token-unit', '被巡查单位整改', unit) },
      { name: 'user-token-office.bpmn', content: oneTaskProcess('user-token-office', '安委办审核', office) },
    ],
  });
  unitInstance = (await admin.startProcessInstance('user-token-unit')).id;
  officeInstance = (await admin.startProcessInstance('user-token-office')).id;
});

async function visibleInstances(client: EngineRestClient): Promise<string[]> {
  const tasks = await client.request<TaskDto[]>('GET', '/task', undefined, { query: { processDefinitionKeyIn: 'user-token-unit,user-token-office' } });
  return tasks.map((task) => task.processInstanceId).sort();
}

describe('a valid user token', () => {
  it('is that user, with exactly their groups’ tasks', async () => {
    const asUnit = userTokenClient(config, unit);
    const asOffice = userTokenClient(config, office);
    expect(await visibleInstances(asUnit)).toEqual([unitInstance]);
    // 安委办 also reads every open task (全部在办, deploy/access/rules.ts), but works only its own (below).
    expect(await visibleInstances(asOffice)).toEqual([unitInstance, officeInstance].sort());
    // The same as the same person logged in with HTTP Basic.
    expect(await visibleInstances(admin.as(unit, DEMO_PASSWORD))).toEqual([unitInstance]);

    const [own] = await asUnit.request<TaskDto[]>('GET', '/task', undefined, { query: { processInstanceId: unitInstance } });
    // The engine records the token's user as the author.
    const comment = await asUnit.request<{ userId: string }>('POST', `/task/${own!.id}/comment/create`, { message: '已整改 / fixed' });
    expect(comment.userId).toBe(unit);

    // Another group's task is not theirs to complete: the engine's authorization check names the token's user.
    const [foreign] = await asOffice.request<TaskDto[]>('GET', '/task', undefined, { query: { processInstanceId: officeInstance } });
    const refused = await asUnit.request('POST', `/task/${foreign!.id}/complete`, { variables: {} }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(EngineRestError);
    expect(refused).toMatchObject({ status: 403, type: 'AuthorizationException' });
    expect((refused as EngineRestError).engineMessage).toContain(`'${unit}'`);
    const [unitTask] = await asUnit.request<TaskDto[]>('GET', '/task', undefined, { query: { processInstanceId: unitInstance } });
    const officeRefused = await asOffice.request('POST', `/task/${unitTask!.id}/complete`, { variables: {} }).catch((error: unknown) => error);
    expect(officeRefused).toMatchObject({ status: 403, type: 'AuthorizationException' });

    await asUnit.request('POST', `/task/${own!.id}/complete`, { variables: {} });
    const [history] = await admin.request<Array<{ state: string }>>('GET', '/history/process-instance', undefined, { query: { processInstanceId: unitInstance } });
    expect(history?.state).toBe('COMPLETED');
  });

  it('accepts the scheme name in any case, as HTTP allows', async () => {
    expect((await call(`bearer ${signUserToken({ secret }, unit)}`)).status).toBe(200);
  });

  it('never grants admin rights, not even for a member of operaton-admin', async () => {
    // demo/demo over Basic is the engine admin…
    expect((await call(basic(LOCAL_LOGIN.username, LOCAL_LOGIN.password), '/engine-test/clock')).status).toBe(200);
    // …but by token demo is a user without the admin group.
    const asDemo = bearer(signUserToken({ secret }, LOCAL_LOGIN.username));
    expect((await call(asDemo)).status).toBe(200);
    expect((await call(asDemo, '/engine-test/clock')).status).toBe(403);
    const created = await call(asDemo, '/engine-rest/user/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ profile: { id: 'user-token-intruder', firstName: '令牌', lastName: '测试' }, credentials: { password: 'intruder-1' } }),
    });
    expect(created.status).toBe(403);
    expect(await admin.request('GET', '/user', undefined, { query: { id: 'user-token-intruder' } })).toEqual([]);
    // Nor does an ordinary user's token reach the admin endpoints.
    expect((await call(bearer(signUserToken({ secret }, unit)), '/engine-test/clock')).status).toBe(403);
  });
});

describe('a refused token', () => {
  const cases: Array<[string, () => string]> = [
    ['signed with another secret', () => signUserToken({ secret: `${secret}-but-another-one` }, unit)],
    [
      'whose payload was changed after signing',
      () => {
        const [, , mac] = signUserToken({ secret }, unit).split('.');
        return `at1.${encode({ sub: office, exp: inAMinute() })}.${mac}`;
      },
    ],
    ['that has expired', () => signUserToken({ secret, ttlSeconds: 60 }, unit, new Date(Date.now() - 120_000))],
    ['for a user the engine does not know', () => signUserToken({ secret }, 'user-token-nobody')],
    ['of garbage', () => 'garbage'],
    ['with nothing after Bearer', () => ''],
    ['of another version', () => signedPayload(encode({ sub: unit, exp: inAMinute() })).replace(/^at1\./, 'at2.')],
    ['with padding in the signature', () => `${signUserToken({ secret }, unit)}=`],
    ['whose signed payload is not JSON', () => signedPayload(Buffer.from('not json').toString('base64url'))],
    ['whose signed payload has no exp', () => signedPayload(encode({ sub: unit }))],
    ['whose signed payload has a textual exp', () => signedPayload(encode({ sub: unit, exp: String(inAMinute()) }))],
    ['whose signed payload has no sub', () => signedPayload(encode({ exp: inAMinute() }))],
  ];

  it.each(cases)('is a 401 when %s, with the Basic challenge for the workers', async (_name, token) => {
    const response = await call(bearer(token()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('is never retried as HTTP Basic: a Bearer header with valid Basic credentials inside is still a 401', async () => {
    const basicInside = Buffer.from(`${LOCAL_LOGIN.username}:${LOCAL_LOGIN.password}`).toString('base64');
    expect((await call(`Bearer ${basicInside}`)).status).toBe(401);
  });
});

describe('HTTP Basic next to the tokens', () => {
  it('still logs the workers and admins in, and still refuses the unknown or anonymous', async () => {
    expect((await call(basic(LOCAL_LOGIN.username, LOCAL_LOGIN.password))).status).toBe(200);
    expect((await call(basic(config.engine.username, config.engine.password))).status).toBe(200);
    // An unknown login (a wrong password would lock a real account for a moment).
    const unknown = await call(basic('user-token-nobody', 'not-a-password'));
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect((await call(undefined)).status).toBe(401);
    // The engine list stays open, as the filter has always allowed.
    expect((await call(undefined, '/engine-rest/engine')).status).toBe(200);
  });
});
