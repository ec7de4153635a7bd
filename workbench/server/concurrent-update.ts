/**
 * The engine rolls a command back with ENGINE-03005 (OptimisticLockingException) when another
 * transaction changed the same process instance meanwhile, typically a worker finishing a parallel
 * branch of the patrol. The command is atomic, so sending it again is safe, and a person at the form
 * should not have to press the button twice for a race they cannot see.
 */
import { EngineRestError } from '../../workers/engine/rest-client.ts';

/** How often a command is sent in all before the conflict reaches the person. */
export const MAX_CONCURRENT_UPDATE_ATTEMPTS = 3;

/** True for the engine's "updated by another transaction concurrently" answer, whatever exception wraps it (task complete answers RestException). */
export function isConcurrentUpdate(error: unknown): boolean {
  return error instanceof EngineRestError && /OptimisticLocking|ENGINE-03005/.test(`${error.type ?? ''} ${error.message}`);
}

/** Runs `send`, sending it again after a concurrent update, up to {@link MAX_CONCURRENT_UPDATE_ATTEMPTS} times in all. */
export async function retryOnConcurrentUpdate<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (!isConcurrentUpdate(error) || attempt >= MAX_CONCURRENT_UPDATE_ATTEMPTS) throw error;
    }
  }
}
