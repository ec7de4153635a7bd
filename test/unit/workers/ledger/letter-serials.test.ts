/**
 * 移交函文号 in the ledger (migration 3), on SQLite and PostgreSQL: serials run
 * 1, 2, 3 … per jurisdiction, 机关代字 and year; the same key always gets the
 * same number, also when deliveries race; concurrent letters never share one.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { formatLetterNumber } from '../../../../workers/ledger/letter-serials.ts';
import { type Ledger, openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS } from '../../../../workers/ledger/migrations.ts';
import { LedgerInputError } from '../../../../workers/ledger/validation.ts';
import { type TestBackend, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const NOW = new Date('2026-03-02T01:00:00.000Z');
const postgresAvailable = await postgresReachable();

it('adds the letter serials as migration 3, after versions 1 and 2', () => {
  expect(LEDGER_MIGRATIONS.map((migration) => migration.version).slice(0, 3)).toEqual([1, 2, 3]);
  expect(formatLetterNumber('盐安巡移', 2026, 3)).toBe('盐安巡移〔2026〕3号');
});

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('letter serials on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  let config: LedgerConfig;
  let ledger: Ledger;

  beforeEach(async ({ skip }) => {
    if (!available) skip();
    config = await backend.fresh();
    ledger = await openLedger(config, logger, { now: () => NOW });
  });

  afterEach(async () => {
    await ledger?.close();
    await backend.removeAll();
  });

  const request = (key: string, overrides: Partial<{ jurisdiction: string; prefix: string; year: number }> = {}) => ({
    idempotencyKey: key,
    jurisdiction: 'yancheng',
    prefix: '盐安巡移',
    year: 2026,
    processInstanceKey: 'pi-1',
    ...overrides,
  });

  it('numbers each series 1, 2, 3 … and gives a key its number again', async () => {
    const first = await ledger.allocateLetterNumber(request('transfer-letter:a'));
    const second = await ledger.allocateLetterNumber(request('transfer-letter:b'));
    const again = await ledger.allocateLetterNumber(request('transfer-letter:a'));
    expect(first).toMatchObject({ isNew: true, record: { serial: 1, letterNumber: '盐安巡移〔2026〕1号', allocatedAt: NOW.toISOString() } });
    expect(second.record.letterNumber).toBe('盐安巡移〔2026〕2号');
    expect(again).toEqual({ isNew: false, record: first.record });

    // Another 代字, another jurisdiction and another year each start their own series.
    expect((await ledger.allocateLetterNumber(request('c', { prefix: '盐安专移' }))).record.letterNumber).toBe('盐安专移〔2026〕1号');
    expect((await ledger.allocateLetterNumber(request('d', { jurisdiction: 'hunan', prefix: '湘安办移' }))).record.letterNumber).toBe('湘安办移〔2026〕1号');
    expect((await ledger.allocateLetterNumber(request('e', { year: 2027 }))).record.letterNumber).toBe('盐安巡移〔2027〕1号');
    expect((await ledger.allocateLetterNumber(request('f'))).record.letterNumber).toBe('盐安巡移〔2026〕3号');
    expect((await ledger.listLetterNumbers({ jurisdiction: 'yancheng', prefix: '盐安巡移', year: 2026 })).map((entry) => entry.serial)).toEqual([1, 2, 3]);
  });

  it('never gives two letters one number, nor one letter two, when allocations race', async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `transfer-letter:${index % 6}`);
    const results = await Promise.all(keys.map((key) => ledger.allocateLetterNumber(request(key))));
    const byKey = new Map<string, Set<number>>();
    for (const [index, result] of results.entries()) {
      const serials = byKey.get(keys[index]!) ?? new Set<number>();
      serials.add(result.record.serial);
      byKey.set(keys[index]!, serials);
    }
    for (const serials of byKey.values()) expect(serials.size).toBe(1);
    expect([...byKey.values()].map((serials) => [...serials][0]).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.filter((result) => result.isNew)).toHaveLength(6);
  });

  it('refuses a malformed prefix or year, naming the field', async () => {
    const error = await ledger.allocateLetterNumber(request('x', { prefix: '盐〔安〕', year: 26 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerInputError);
    expect((error as LedgerInputError).message).toContain('prefix must be an issuing-organ code');
    expect((error as LedgerInputError).message).toContain('year must be a year from 2000 to 2199');
  });
});
