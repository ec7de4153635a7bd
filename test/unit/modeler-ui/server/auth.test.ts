import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BILINGUAL, MEMBER, OWNER, PASSWORD, type TestServer, startTestServer } from './support.ts';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.cleanup();
});

describe('modeler UI authentication', () => {
  it('answers the health check without a login and everything else below /api only with one', async () => {
    await request(server.app).get('/api/health').expect(200, { status: 'ok' });
    const reads = await request(server.app).get('/api/files').expect(401);
    expect(reads.body.error.code).toBe('unauthenticated');
    expect(reads.body.error.message).toMatch(BILINGUAL);
    expect(reads.headers['www-authenticate']).toBeUndefined();
  });

  it('refuses every write and the deploy without credentials, and with a wrong password', async () => {
    const writes = [
      request(server.app).put('/api/files/patrol-entry.bpmn').send({ content: '<x/>', baseEtag: 'a' }),
      request(server.app).post('/api/history/patrol-entry.bpmn/versions/1/restore').send({ baseEtag: 'a' }),
      request(server.app).post('/api/lint').send({ file: 'patrol-entry.bpmn' }),
      request(server.app).post('/api/deploy').send({}),
      request(server.app).post('/api/deploy').auth('owner', 'wrong').send({}),
      request(server.app).post('/api/deploy').auth('nobody', PASSWORD).send({}),
    ];
    for (const response of await Promise.all(writes)) {
      expect(response.status).toBe(401);
      expect(response.body.error.message).toMatch(BILINGUAL);
    }
    expect(server.deployCalls).toHaveLength(0);
  });

  it('logs in with the user file, keeps the session in an HttpOnly SameSite cookie and logs out', async () => {
    const agent = request.agent(server.app);
    const wrong = await agent.post('/api/session').send({ username: 'owner', password: 'nope' }).expect(401);
    expect(wrong.body.error.code).toBe('bad-credentials');

    const login = await agent.post('/api/session').send({ username: 'owner', password: PASSWORD }).expect(200);
    expect(login.body.user).toEqual({ username: 'owner', displayName: '安委办 张三', groups: ['anwei-ban'], isOwner: true });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/modeler_session=.+HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    await agent.get('/api/files').expect(200);
    expect((await agent.get('/api/session').expect(200)).body.user.username).toBe('owner');
    await agent.delete('/api/session').set('content-type', 'application/json').expect(204);
  });

  it('rejects a session cookie whose signature was tampered with', async () => {
    const login = await request(server.app).post('/api/session').send({ username: 'member', password: PASSWORD }).expect(200);
    const token = String(login.headers['set-cookie']).match(/modeler_session=([^;]+)/)?.[1] ?? '';
    const [payload] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ u: 'owner', exp: Date.now() + 60_000 })).toString('base64url');
    expect(forged).not.toBe(payload);
    await request(server.app).get('/api/files').set('Cookie', `modeler_session=${token}`).expect(200);
    await request(server.app).get('/api/files').set('Cookie', `modeler_session=${forged}.${token.split('.')[1]}`).expect(401);
  });

  it('locks a username after repeated failed logins', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await request(server.app).post('/api/session').send({ username: 'member', password: 'wrong' }).expect(401);
    }
    const locked = await request(server.app).post('/api/session').send({ username: 'member', password: PASSWORD }).expect(429);
    expect(locked.body.error.message).toMatch(BILINGUAL);
  });

  it('refuses a deploy by a logged-in user outside the process-owner group, before any check or engine call', async () => {
    const response = await request(server.app).post('/api/deploy').auth(...MEMBER).send({}).expect(403);
    expect(response.body.error.code).toBe('not-process-owner');
    expect(response.body.error.message).toContain('anwei-ban');
    expect(response.body.error.message).toMatch(BILINGUAL);
    expect(server.deployCalls).toHaveLength(0);
  });

  it('accepts changes only as JSON, so a cross-site form cannot post them', async () => {
    const response = await request(server.app)
      .post('/api/deploy')
      .auth(...OWNER)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('a=1')
      .expect(415);
    expect(response.body.error.message).toMatch(BILINGUAL);
    expect(server.deployCalls).toHaveLength(0);
  });
});

describe('modeler UI behind an SSO reverse proxy (trusted-header mode)', () => {
  const proxySecret = 'proxy-secret-0123456789';
  let proxied: TestServer;
  beforeEach(async () => {
    proxied = await startTestServer({
      auth: { mode: 'trusted-header', userHeader: 'x-forwarded-user', groupsHeader: 'x-forwarded-groups', proxySecret },
    });
  });
  afterEach(async () => {
    await proxied.cleanup();
  });

  it('trusts the user and group headers only together with the proxy secret', async () => {
    await request(proxied.app).get('/api/files').set('x-forwarded-user', 'wang.wu').set('x-forwarded-groups', 'anwei-ban').expect(401);
    await request(proxied.app)
      .get('/api/files')
      .set('x-modeler-proxy-secret', 'guessed-secret-000000')
      .set('x-forwarded-user', 'wang.wu')
      .expect(401);
    const session = await request(proxied.app)
      .get('/api/session')
      .set('x-modeler-proxy-secret', proxySecret)
      .set('x-forwarded-user', 'wang.wu')
      .set('x-forwarded-groups', 'xuncha-zu, anwei-ban')
      .expect(200);
    expect(session.body.user).toMatchObject({ username: 'wang.wu', groups: ['xuncha-zu', 'anwei-ban'], isOwner: true });
    const login = await request(proxied.app).post('/api/session').send({ username: 'owner', password: PASSWORD }).expect(400);
    expect(login.body.error.code).toBe('sso-login');
  });

  it('refuses a deploy when the proxy names no process-owner group', async () => {
    await request(proxied.app)
      .post('/api/deploy')
      .set('x-modeler-proxy-secret', proxySecret)
      .set('x-forwarded-user', 'zhao.liu')
      .set('x-forwarded-groups', 'xuncha-zu')
      .send({})
      .expect(403);
    expect(proxied.deployCalls).toHaveLength(0);
  });
});
