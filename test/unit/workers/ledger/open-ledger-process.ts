/**
 * Opens the ledger given as a JSON argument, records one clue and prints what
 * the open migrated. The concurrency test starts several of these at once to
 * prove migrations serialise across processes, not only within one.
 */
import pino from 'pino';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { openLedger } from '../../../../workers/ledger/ledger.ts';

const [configJson, label] = process.argv.slice(2);
const config = JSON.parse(configJson ?? '') as LedgerConfig;
const ledger = await openLedger(config, pino({ level: 'silent' }));
try {
  const { isNew } = await ledger.recordClue({ idempotencyKey: `process-${label}`, source: '摸底', content: `进程 ${label}` });
  process.stdout.write(`${JSON.stringify({ applied: ledger.migration.applied, isNew })}\n`);
} finally {
  await ledger.close();
}
