import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_UPDATE_ATTEMPTS, isConcurrentUpdate, retryOnConcurrentUpdate } from '../../../../workbench/server/concurrent-update.ts';
import { EngineRestError } from '../../../../workers/engine/rest-client.ts';

function engineError(status: number, type: string, message: string): EngineRestError {
  return new EngineRestError({ status, method: 'POST', path: '/task/t1/complete', username: 'xuncha-zu', body: { type, message } });
}

// What POST /task/{id}/complete answers when a worker finished a parallel branch of the same instance meanwhile.
const wrappedConflict = () =>
  engineError(500, 'RestException', "Cannot complete task t1: ENGINE-03005 Execution of 'UPDATE ExecutionEntity[e1]' failed. Entity was updated by another transaction concurrently.");

describe('retryOnConcurrentUpdate', () => {
  it('recognises the conflict whether the engine names OptimisticLockingException or wraps it in a RestException', () => {
    expect(isConcurrentUpdate(wrappedConflict())).toBe(true);
    expect(isConcurrentUpdate(engineError(500, 'OptimisticLockingException', 'Entity was updated by another transaction concurrently.'))).toBe(true);
    expect(isConcurrentUpdate(engineError(400, 'RestException', 'Cannot complete task t1: variable x is required'))).toBe(false);
    expect(isConcurrentUpdate(new Error('ENGINE-03005'))).toBe(false);
  });

  it('sends a command again after a concurrent update and returns its answer, but gives up after the last attempt', async () => {
    let calls = 0;
    const answer = await retryOnConcurrentUpdate(async () => {
      calls += 1;
      if (calls === 1) throw wrappedConflict();
      return 'done';
    });
    expect([answer, calls]).toEqual(['done', 2]);

    calls = 0;
    await expect(
      retryOnConcurrentUpdate(async () => {
        calls += 1;
        throw wrappedConflict();
      }),
    ).rejects.toMatchObject({ status: 500, type: 'RestException' });
    expect(calls).toBe(MAX_CONCURRENT_UPDATE_ATTEMPTS);
  });

  it('passes any other refusal on at once', async () => {
    let calls = 0;
    const refused = retryOnConcurrentUpdate(async () => {
      calls += 1;
      throw engineError(403, 'AuthorizationException', 'The user with id qiye does not have UPDATE permission on task t1');
    });
    await expect(refused).rejects.toMatchObject({ status: 403 });
    expect(calls).toBe(1);
  });
});
