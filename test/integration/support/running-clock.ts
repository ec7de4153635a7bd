/**
 * An engine clock that runs from a chosen instant, for tests with enough load
 * that the workers' fetch loop must see its long polls end.
 *
 * The test clock endpoint freezes the engine's time, and Operaton's
 * FetchAndLockHandlerImpl measures a long poll's asyncResponseTimeout on that
 * same clock (request time and expiry both from ClockUtil): under a frozen
 * clock a pending fetchAndLock never times out. It still returns as soon as a
 * task of one of *its* topics appears, but the runner's short poll while a topic
 * is at its concurrency limit (external-task-runner.ts, HELD_BACK_POLL_MS) asks
 * only for the other topics, so the held-back topic's tasks then wait until the
 * clock is moved. Re-pinning the clock to `from + elapsed real time` every tick
 * gives the engine a clock that runs (in steps), as in production.
 */
import type { EngineClock } from './engine-client.ts';

export class RunningEngineClock {
  readonly #clock: EngineClock;
  readonly #tickMs: number;
  #timer: NodeJS.Timeout | undefined;
  #pinning: Promise<void> = Promise.resolve();
  #from = 0;
  #startedAt = 0;

  constructor(clock: EngineClock, tickMs = 500) {
    this.#clock = clock;
    this.#tickMs = tickMs;
  }

  /** The engine's time now, as this clock runs it. */
  now(): number {
    return this.#from + (Date.now() - this.#startedAt);
  }

  /** Pins the clock to `from` and lets it run from there (replacing any earlier run). */
  async runFrom(from: Date | string | number): Promise<void> {
    await this.stop();
    this.#from = new Date(from).getTime();
    this.#startedAt = Date.now();
    await this.#clock.pin(new Date(this.#from));
    this.#timer = setInterval(() => {
      // One pin at a time; a failed pin (engine busy) is made good by the next tick.
      this.#pinning = this.#pinning.then(() => this.#clock.pin(new Date(this.now()))).catch(() => undefined);
    }, this.#tickMs);
  }

  /** Stops ticking (the engine's clock then stands at the last pin); waits for a pin in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#pinning;
  }
}
