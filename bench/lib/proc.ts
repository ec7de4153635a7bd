/**
 * Resident memory of processes from Linux /proc, in MB (10^6 bytes, as the targets are
 * written): now (VmRSS) and the peak since the
 * process started (VmHWM), and a sampler that keeps the largest VmRSS seen over a
 * run for processes whose peak the kernel cannot give (the JVM started before the run).
 */
import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return Number.isFinite(kib) ? (kib * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory now, MB; undefined when the process is gone or there is no /proc. */
export function rssMB(pid: number): number | undefined {
  return statusField(pid, 'VmRSS');
}

/** The process's resident high-water mark since it started, MB. */
export function peakRssMB(pid: number): number | undefined {
  return statusField(pid, 'VmHWM');
}

/** Samples VmRSS of some pids every `intervalMs` and keeps each one's maximum. */
export class RssSampler {
  readonly #pids: () => readonly number[];
  readonly #peaks = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(pids: () => readonly number[], intervalMs = 250) {
    this.#pids = pids;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
    this.sample();
  }

  sample(): void {
    for (const pid of this.#pids()) {
      const rss = rssMB(pid);
      if (rss !== undefined) this.#peaks.set(pid, Math.max(rss, this.#peaks.get(pid) ?? 0));
    }
  }

  /** Stops sampling; the peak of each pid seen, MB. */
  stop(): Map<number, number> {
    this.sample();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    return new Map(this.#peaks);
  }
}
