/**
 * WorkerServices for unit tests: a real SQLite ledger in a temporary folder,
 * or, for workers that must not write to the 台账, one that fails loudly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { PROJECT_ROOT } from '../../../../workers/config.ts';
import { WorkingDayCalendar } from '../../../../workers/deadline/calendar.ts';
import { type Ledger, type OpenLedgerOptions, openLedger } from '../../../../workers/ledger/index.ts';
import { PublicSite } from '../../../../workers/disclosure/public-site.ts';
import type { Notifier } from '../../../../workers/notify/notifier.ts';
import { ProfileStore } from '../../../../workers/profile/profile.ts';
import { InspectionRegisters } from '../../../../workers/inspection/registers.ts';
import type { ReportFolder } from '../../../../workers/campaign/report-folder.ts';
import type { WorkerServices } from '../../../../workers/worker-definition.ts';

export interface TestLedger {
  readonly ledger: Ledger;
  readonly folder: string;
  /** Closes the ledger and deletes its folder. */
  dispose(): Promise<void>;
}

export async function openTestLedger(options: OpenLedgerOptions = {}): Promise<TestLedger> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-worker-ledger-'));
  const ledger = await openLedger({ backend: 'sqlite', sqliteFile: path.join(folder, 'ledger.sqlite') }, pino({ level: 'silent' }), options);
  return {
    ledger,
    folder,
    async dispose() {
      await ledger.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A ledger whose every use throws, for workers that have no business touching the 台账. */
export const ledgerNotUsed: Ledger = new Proxy({} as Ledger, {
  get(_target, property) {
    throw new Error(`this worker was not expected to use the ledger (accessed ${String(property)})`);
  },
});

/** A notifier whose every use throws, for workers that send no notices. */
export const notifierNotUsed: Notifier = new Proxy({} as Notifier, {
  get(_target, property) {
    throw new Error(`this worker was not expected to send notices (accessed ${String(property)})`);
  },
});

/** A public site whose every use throws, for workers that publish nothing. */
export const publicSiteNotUsed: PublicSite = new Proxy({} as PublicSite, {
  get(_target, property) {
    throw new Error(`this worker was not expected to publish (accessed ${String(property)})`);
  },
});

/** A report folder whose every use throws, for workers that write no 调度表. */
export const reportsNotUsed: ReportFolder = new Proxy({} as ReportFolder, {
  get(_target, property) {
    throw new Error(`this worker was not expected to write reports (accessed ${String(property)})`);
  },
});

export function testServices(overrides: Partial<WorkerServices> = {}): WorkerServices {
  return {
    calendar: new WorkingDayCalendar(),
    ledger: ledgerNotUsed,
    notifier: notifierNotUsed,
    profiles: new ProfileStore(path.join(PROJECT_ROOT, 'processes/profiles')),
    publicSite: publicSiteNotUsed,
    inspectionRegisters: new InspectionRegisters(path.join(PROJECT_ROOT, 'processes/registers')),
    reports: reportsNotUsed,
    ...overrides,
  };
}
