import { describe, expect, it } from 'vitest';
import { unlessRefused } from '../../../../workbench/server/engine.ts';
import { EngineRestError, EngineUnreachableError } from '../../../../workers/engine/rest-client.ts';

const refused = (status: number) => new EngineRestError({ status, method: 'GET', path: '/history/task', username: 'bei-xuncha-danwei' });

describe('unlessRefused', () => {
  it('passes an answer through', async () => {
    expect(await unlessRefused(Promise.resolve([1]), [])).toEqual([1]);
  });

  it('turns what the person may not see or what is not there into the fallback', async () => {
    expect(await unlessRefused(Promise.reject(refused(403)), [])).toEqual([]);
    expect(await unlessRefused(Promise.reject(refused(404)), null)).toBeNull();
    expect(await unlessRefused(Promise.reject(refused(400)), null, [400, 404])).toBeNull();
  });

  it('still fails on an engine fault, a bad request it was not told of, and an outage', async () => {
    await expect(unlessRefused(Promise.reject(refused(500)), [])).rejects.toBeInstanceOf(EngineRestError);
    await expect(unlessRefused(Promise.reject(refused(400)), [])).rejects.toMatchObject({ status: 400 });
    const outage = new EngineUnreachableError({ method: 'GET', path: '/task', baseUrl: 'http://localhost:8080/engine-rest', cause: new Error('ECONNREFUSED') });
    await expect(unlessRefused(Promise.reject(outage), [])).rejects.toBe(outage);
  });
});
