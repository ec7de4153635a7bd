import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LedgerConfig, PROJECT_ROOT } from '../../../../workers/config.ts';
import { type Ledger, LedgerOpenError, openLedger } from '../../../../workers/ledger/ledger.ts';
import { LEDGER_MIGRATIONS } from '../../../../workers/ledger/migrations.ts';
import { InvalidVariablesError } from '../../../../workers/variables.ts';
import { type TestBackend, inputError, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
/** 2026-03-02 09:00 Beijing time. */
const NOW = new Date('2026-03-02T01:00:00.000Z');
const now = () => NOW;
const LATEST_SCHEMA_VERSION = Math.max(...LEDGER_MIGRATIONS.map((migration) => migration.version));

const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  process.stderr.write('PostgreSQL at 127.0.0.1:5432 is not reachable: the PostgreSQL ledger tests are skipped\n');
}

const OPEN_LEDGER_PROCESS = fileURLToPath(new URL('./open-ledger-process.ts', import.meta.url));
/** Three Node processes compiling TypeScript on start-up. */
const PROCESS_TEST_TIMEOUT_MS = 60_000;

function runProcess(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: PROJECT_ROOT }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

describe('openLedger failures', () => {
  it('names the unreachable database without its password', async () => {
    // Port 1 on loopback refuses at once: nothing listens there.
    const opening = openLedger({ backend: 'postgres', databaseUrl: 'postgres://ledger:secret@127.0.0.1:1/anquan' }, logger);
    await expect(opening).rejects.toBeInstanceOf(LedgerOpenError);
    await expect(opening).rejects.toThrow(/could not open the ledger database at postgres:\/\/ledger:\*\*\*@127\.0\.0\.1:1\/anquan/);
    await expect(opening).rejects.not.toThrow(/secret/);
  });
});

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('ledger on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  let config: LedgerConfig;
  let ledger: Ledger;

  beforeEach(async ({ skip }) => {
    if (!available) skip();
    config = await backend.fresh();
    ledger = await openLedger(config, logger, { now });
  });

  afterEach(async () => {
    await ledger?.close();
    await backend.removeAll();
  });

  describe('schema migrations', () => {
    it('migrates a fresh database to the latest version', () => {
      expect(ledger.backend).toBe(backend.name);
      expect(ledger.migration.applied).toEqual(LEDGER_MIGRATIONS.map((migration) => migration.version));
      expect(ledger.migration.currentVersion).toBe(LATEST_SCHEMA_VERSION);
    });

    it('applies nothing when opened again, and keeps the data', async () => {
      await ledger.recordClue({ idempotencyKey: 'kept', source: '来电', content: '某烟花爆竹仓库超量储存' });
      await ledger.close();
      ledger = await openLedger(config, logger, { now });
      expect(ledger.migration.applied).toEqual([]);
      expect(ledger.migration.currentVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(await ledger.listClues()).toHaveLength(1);
    });

    it('migrates exactly once when several processes open a fresh database at the same time', async () => {
      const freshConfig = await backend.fresh();
      const opened = await Promise.all([0, 1, 2].map(() => openLedger(freshConfig, logger, { now })));
      try {
        const appliedCounts = opened.map((each) => each.migration.applied.length).sort();
        expect(appliedCounts).toEqual([0, 0, LEDGER_MIGRATIONS.length]);
        const results = await Promise.all(
          opened.map((each, index) => each.recordClue({ idempotencyKey: `opener-${index}`, source: '摸底', content: `线索 ${index}` })),
        );
        expect(results.every((result) => result.isNew)).toBe(true);
        expect(await opened[0]?.listClues()).toHaveLength(3);
      } finally {
        await Promise.all(opened.map((each) => each.close()));
      }
    });
  });

  describe('concurrent start-up of worker processes', () => {
    it(
      'migrates exactly once when separate processes open a fresh database at the same time',
      async () => {
        const freshConfig = await backend.fresh();
        const outputs = await Promise.all(
          ['a', 'b', 'c'].map((label) =>
            runProcess(process.execPath, ['--import', 'tsx', OPEN_LEDGER_PROCESS, JSON.stringify(freshConfig), label]),
          ),
        );
        const reports = outputs.map((output) => JSON.parse(output) as { applied: number[]; isNew: boolean });
        expect(reports.map((report) => report.applied.length).sort()).toEqual([0, 0, LEDGER_MIGRATIONS.length]);
        expect(reports.every((report) => report.isNew)).toBe(true);
        const check = await openLedger(freshConfig, logger);
        try {
          expect(await check.listClues()).toHaveLength(3);
        } finally {
          await check.close();
        }
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  });

  describe('clues (问题线索)', () => {
    it('registers a clue with its source, contact and instance, received now by default', async () => {
      const { isNew, record } = await ledger.recordClue({
        idempotencyKey: '2251799813685299:clue',
        source: '来信',
        content: '  某化工企业夜间违规动火作业  ',
        reporterContact: '139****0000',
        processInstanceKey: '2251799813685250',
      });
      expect(isNew).toBe(true);
      expect(record).toMatchObject({
        source: '来信',
        content: '某化工企业夜间违规动火作业',
        reporterContact: '139****0000',
        processInstanceKey: '2251799813685250',
        status: '登记',
        receivedAt: NOW.toISOString(),
        closedAt: null,
      });
      expect(await ledger.getClue(record.id)).toEqual(record);
    });

    it('returns the existing clue for a repeated idempotency key instead of writing twice', async () => {
      const first = await ledger.recordClue({ idempotencyKey: 'job-1', source: '网络举报', content: '第一次' });
      const second = await ledger.recordClue({ idempotencyKey: 'job-1', source: '网络举报', content: '第一次' });
      expect(second.isNew).toBe(false);
      expect(second.record).toEqual(first.record);
      expect(await ledger.listClues()).toHaveLength(1);
      expect(await ledger.statusHistory('clue', first.record.id)).toHaveLength(1);
    });

    it('writes once when the same job is delivered to several workers at once', async () => {
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map(() => ledger.recordClue({ idempotencyKey: 'concurrent', source: '来电', content: '同一作业' })),
      );
      expect(results.filter((result) => result.isNew)).toHaveLength(1);
      expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
      expect(await ledger.listClues()).toHaveLength(1);
    });

    it('moves through its states, keeps the history and stamps the closing time', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'c', source: '来电', content: '线索' });
      const checking = await ledger.updateClueStatus({ clueId: clue.id, status: '核查中', idempotencyKey: 'c:check', at: '2026-03-03T10:00:00+08:00' });
      expect(checking.changed).toBe(true);
      expect(checking.record.status).toBe('核查中');
      const transferred = await ledger.updateClueStatus({ clueId: clue.id, status: '已移交', idempotencyKey: 'c:transfer', at: '2026-03-04T10:00:00+08:00' });
      const closed = await ledger.updateClueStatus({ clueId: clue.id, status: '已办结', idempotencyKey: 'c:close', at: '2026-03-20T10:00:00+08:00', note: '已查实' });
      expect(transferred.record.status).toBe('已移交');
      expect(closed.record).toMatchObject({ status: '已办结', closedAt: '2026-03-20T02:00:00.000Z' });

      const history = await ledger.statusHistory('clue', clue.id);
      expect(history.map((change) => [change.fromStatus, change.toStatus])).toEqual([
        [null, '登记'],
        ['登记', '核查中'],
        ['核查中', '已移交'],
        ['已移交', '已办结'],
      ]);
      expect(history[3]).toMatchObject({ changedAt: '2026-03-20T02:00:00.000Z', note: '已查实', idempotencyKey: 'c:close' });
    });

    it('reports a retried status change as unchanged', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'c', source: '来电', content: '线索' });
      await ledger.updateClueStatus({ clueId: clue.id, status: '核查中', idempotencyKey: 'job-7' });
      const again = await ledger.updateClueStatus({ clueId: clue.id, status: '核查中', idempotencyKey: 'job-7' });
      expect(again.changed).toBe(false);
      expect(again.record.status).toBe('核查中');
      expect(await ledger.statusHistory('clue', clue.id)).toHaveLength(2);
    });

    it('rejects a move out of a final state and an unknown clue', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'c', source: '来电', content: '线索' });
      await ledger.updateClueStatus({ clueId: clue.id, status: '已办结', idempotencyKey: 'close' });
      const backwards = await inputError(ledger.updateClueStatus({ clueId: clue.id, status: '核查中', idempotencyKey: 'reopen' }));
      expect(backwards.message).toContain('不能从「已办结」变为「核查中」');
      expect(backwards.message).toContain('cannot move from 已办结 to 核查中');
      const missing = await inputError(ledger.updateClueStatus({ clueId: 'no-such-clue', status: '核查中', idempotencyKey: 'x' }));
      expect(missing.message).toContain('no-such-clue');
      expect(missing.message).toContain('does not exist');
    });

    it('lists clues by status, source and received time', async () => {
      await ledger.recordClue({ idempotencyKey: 'a', source: '来电', content: 'a', receivedAt: '2026-02-28T12:00:00+08:00' });
      await ledger.recordClue({ idempotencyKey: 'b', source: '来信', content: 'b', receivedAt: '2026-03-01T12:00:00+08:00' });
      const { record: c } = await ledger.recordClue({ idempotencyKey: 'c', source: '来电', content: 'c', receivedAt: '2026-03-02T08:00:00+08:00' });
      await ledger.updateClueStatus({ clueId: c.id, status: '核查中', idempotencyKey: 'c:check' });
      expect((await ledger.listClues({ source: '来电' })).map((clue) => clue.content)).toEqual(['a', 'c']);
      expect((await ledger.listClues({ status: '核查中' })).map((clue) => clue.content)).toEqual(['c']);
      expect(
        (await ledger.listClues({ receivedFrom: '2026-03-01T00:00:00+08:00', receivedBefore: '2026-03-02T00:00:00+08:00' })).map((clue) => clue.content),
      ).toEqual(['b']);
    });
  });

  describe('findings and hazards (问题隐患)', () => {
    const majorHazard = {
      category: '重大事故隐患',
      source: '部门检查',
      unitName: '进贤县某化工有限公司',
      unitCreditCode: '91360124MA00000001',
      region: '民和镇',
      description: '涉及重点监管危险化工工艺的装置未实现自动化控制',
      rectificationDeadline: '2026-04-01',
    } as const;

    it('records a finding with its category, unit, deadline and source', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '来电', content: '举报' });
      const { isNew, record } = await ledger.recordFinding({
        ...majorHazard,
        idempotencyKey: '2251799813685400:finding',
        clueId: clue.id,
        processInstanceKey: '2251799813685250',
        foundAt: '2026-03-02T15:30:00+08:00',
      });
      expect(isNew).toBe(true);
      expect(record).toMatchObject({
        ...majorHazard,
        clueId: clue.id,
        processInstanceKey: '2251799813685250',
        status: '待整改',
        foundAt: '2026-03-02T07:30:00.000Z',
        rectifiedAt: null,
        listing: null,
      });
      expect(await ledger.getFinding(record.id)).toEqual(record);
    });

    it('returns the existing finding for a repeated idempotency key', async () => {
      const first = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'same' });
      const second = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'same' });
      expect(second).toEqual({ isNew: false, record: first.record });
      expect(await ledger.listFindings()).toHaveLength(1);
    });

    it('rejects an unknown category and lists every missing field at once, in Chinese and English', async () => {
      const error = await inputError(
        ledger.recordFinding({ idempotencyKey: 'bad', category: '一般隐患' as never, source: '巡查', unitName: ' ', description: undefined as never }),
      );
      expect(error).toBeInstanceOf(InvalidVariablesError);
      expect(error.name).toBe('LedgerInputError');
      expect(error.operation).toBe('recordFinding');
      expect(error.problems).toHaveLength(3);
      expect(error.message).toContain('category 应为以下之一：一般问题隐患、重大事故隐患');
      expect(error.message).toContain('category must be one of');
      expect(error.message).toContain('"一般隐患"');
      expect(error.message).toContain('缺少 unitName');
      expect(error.message).toContain('description is missing');
      expect(await ledger.listFindings()).toEqual([]);
    });

    it('rejects a malformed deadline, an instant without offset and an unknown clue', async () => {
      const error = await inputError(
        ledger.recordFinding({ ...majorHazard, idempotencyKey: 'bad', rectificationDeadline: '2026-02-30', foundAt: '2026-03-02 09:00', clueId: 'ghost' }),
      );
      expect(error.problems).toHaveLength(3);
      expect(error.message).toContain('rectificationDeadline must be a YYYY-MM-DD date');
      expect(error.message).toContain('foundAt must be an ISO-8601 date-time with Z or an offset');
      expect(error.message).toContain('clue ghost does not exist');
    });

    it('closes only after review (审核把关销号), stamping rectifiedAt, and allows a failed review', async () => {
      const { record: finding } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f' });
      const steps = [
        ['整改中', '2026-03-05T09:00:00+08:00'],
        ['待复核', '2026-03-20T09:00:00+08:00'],
        ['整改中', '2026-03-21T09:00:00+08:00'],
        ['待复核', '2026-03-25T09:00:00+08:00'],
        ['已销号', '2026-03-28T09:00:00+08:00'],
      ] as const;
      for (const [index, [status, at]] of steps.entries()) {
        const result = await ledger.updateFindingStatus({ findingId: finding.id, status, at, idempotencyKey: `step-${index}` });
        expect(result.changed).toBe(true);
        expect(result.record.status).toBe(status);
      }
      expect((await ledger.getFinding(finding.id))?.rectifiedAt).toBe('2026-03-28T01:00:00.000Z');
      expect(await ledger.statusHistory('finding', finding.id)).toHaveLength(6);

      const retried = await ledger.updateFindingStatus({ findingId: finding.id, status: '已销号', idempotencyKey: 'step-4' });
      expect(retried.changed).toBe(false);
      const reopened = await inputError(ledger.updateFindingStatus({ findingId: finding.id, status: '整改中', idempotencyKey: 'reopen' }));
      expect(reopened.message).toContain('final state');
    });

    it('refuses to close a finding that skipped review', async () => {
      const { record: finding } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f' });
      const error = await inputError(ledger.updateFindingStatus({ findingId: finding.id, status: '已销号', idempotencyKey: 'close' }));
      expect(error.message).toContain('cannot move from 待整改 to 已销号; allowed: 整改中, 待复核, 已移交');
    });

    it('records the 销号: who checked, how, when, and the 摘牌 of a listed hazard; only together with 已销号', async () => {
      const { record: finding } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f' });
      expect(finding.closure).toBeNull();
      await ledger.updateFindingStatus({ findingId: finding.id, status: '待复核', idempotencyKey: 'report' });
      const closure = { checkedBy: '县应急管理局 王某某', method: '现场核查', checkedOn: '2026-03-28', delisting: { on: '2026-03-29', documentNumber: '某安委办〔2026〕12号' } };
      const early = await inputError(ledger.updateFindingStatus({ findingId: finding.id, status: '整改中', idempotencyKey: 'back', closure }));
      expect(early.message).toContain('a closure record goes with the status 已销号 only, not 整改中');
      const incomplete = await inputError(
        ledger.updateFindingStatus({ findingId: finding.id, status: '已销号', idempotencyKey: 'close', closure: { checkedBy: '', method: '现场核查', checkedOn: '28.3.2026' } }),
      );
      expect(incomplete.message).toContain('closure.checkedBy');
      // A date in the wrong format is one problem, not also a missing date.
      expect(incomplete.problems.filter((problem) => problem.includes('closure.checkedOn'))).toHaveLength(1);
      expect(incomplete.message).not.toContain('closure.checkedOn 核查日期必填');
      const missing = await inputError(
        ledger.updateFindingStatus({ findingId: finding.id, status: '已销号', idempotencyKey: 'close', closure: { checkedBy: '王某某', method: '现场核查' } as never }),
      );
      expect(missing.message).toContain('closure.checkedOn 核查日期必填');
      expect((await ledger.getFinding(finding.id))?.status).toBe('待复核');
      const closed = await ledger.updateFindingStatus({ findingId: finding.id, status: '已销号', idempotencyKey: 'close', closure });
      expect(closed.record.closure).toEqual({ checkedBy: '县应急管理局 王某某', method: '现场核查', checkedOn: '2026-03-28', delisting: { on: '2026-03-29', documentNumber: '某安委办〔2026〕12号' } });
      expect((await ledger.getFinding(finding.id))?.closure?.delisting?.on).toBe('2026-03-29');
    });

    it('follows a transferred finding (已移交) up to its 销号, through review like any other', async () => {
      const { record: finding } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f' });
      for (const [index, status] of (['已移交', '整改中', '待复核', '已销号'] as const).entries()) {
        expect((await ledger.updateFindingStatus({ findingId: finding.id, status, idempotencyKey: `t-${index}` })).record.status).toBe(status);
      }
      const { record: transferred } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'h' });
      await ledger.updateFindingStatus({ findingId: transferred.id, status: '已移交', idempotencyKey: 'h-transfer' });
      const unreviewed = await inputError(ledger.updateFindingStatus({ findingId: transferred.id, status: '已销号', idempotencyKey: 'h-close' }));
      expect(unreviewed.message).toContain('cannot move from 已移交 to 已销号; allowed: 整改中, 待复核');
      const { record: reviewed } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'g' });
      await ledger.updateFindingStatus({ findingId: reviewed.id, status: '待复核', idempotencyKey: 'g-report' });
      const late = await inputError(ledger.updateFindingStatus({ findingId: reviewed.id, status: '已移交', idempotencyKey: 'g-transfer' }));
      expect(late.message).toContain('cannot move from 待复核 to 已移交');
    });

    it('refuses one idempotency key for two different findings', async () => {
      const { record: first } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f1' });
      const { record: second } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'f2' });
      await ledger.updateFindingStatus({ findingId: first.id, status: '整改中', idempotencyKey: 'shared' });
      const error = await inputError(ledger.updateFindingStatus({ findingId: second.id, status: '整改中', idempotencyKey: 'shared' }));
      expect(error.message).toContain('was already used for finding');
    });

    it('lists a major hazard for supervision (挂牌督办) once, and only a major hazard', async () => {
      const { record: hazard } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'major' });
      const listed = await ledger.recordSupervisionListing({
        findingId: hazard.id,
        authority: '进贤县安委会',
        documentNumber: '进安委督〔2026〕3号',
        listedAt: '2026-03-03T10:00:00+08:00',
      });
      expect(listed.changed).toBe(true);
      expect(listed.record.listing).toEqual({ authority: '进贤县安委会', documentNumber: '进安委督〔2026〕3号', listedAt: '2026-03-03T02:00:00.000Z' });
      const again = await ledger.recordSupervisionListing({ findingId: hazard.id, authority: '进贤县安委会' });
      expect(again).toEqual({ changed: false, record: listed.record });

      const { record: general } = await ledger.recordFinding({ ...majorHazard, category: '一般问题隐患', idempotencyKey: 'general' });
      const error = await inputError(ledger.recordSupervisionListing({ findingId: general.id, authority: '进贤县安委会' }));
      expect(error.message).toContain('only a 重大事故隐患');
    });

    it('queries the 重大事故隐患数据库 by listing, region, openness and time', async () => {
      const { record: listed } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'm1', foundAt: '2026-03-01T09:00:00+08:00' });
      await ledger.recordSupervisionListing({ findingId: listed.id, authority: '县安委会' });
      const { record: other } = await ledger.recordFinding({ ...majorHazard, idempotencyKey: 'm2', region: '温圳镇', foundAt: '2026-03-02T09:00:00+08:00' });
      await ledger.recordFinding({ ...majorHazard, category: '一般问题隐患', idempotencyKey: 'g1' });
      await ledger.updateFindingStatus({ findingId: other.id, status: '待复核', idempotencyKey: 'm2:report' });
      await ledger.updateFindingStatus({ findingId: other.id, status: '已销号', idempotencyKey: 'm2:close' });

      const ids = (findings: readonly { id: string }[]) => findings.map((finding) => finding.id);
      expect(ids(await ledger.listMajorHazards())).toEqual([listed.id, other.id]);
      expect(ids(await ledger.listMajorHazards({ listed: true }))).toEqual([listed.id]);
      expect(ids(await ledger.listMajorHazards({ listed: false }))).toEqual([other.id]);
      expect(ids(await ledger.listMajorHazards({ open: true }))).toEqual([listed.id]);
      expect(ids(await ledger.listMajorHazards({ region: '温圳镇' }))).toEqual([other.id]);
      expect(ids(await ledger.listMajorHazards({ foundFrom: '2026-03-02T00:00:00+08:00' }))).toEqual([other.id]);
      expect(await ledger.listFindings({ category: '一般问题隐患' })).toHaveLength(1);
    });
  });

  describe('transfers (线索移交)', () => {
    it('records a transfer letter once and tracks its receipt and outcome', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue', source: '巡查发现', content: '干部失职' });
      const input = {
        idempotencyKey: '2251799813685500',
        receiverKind: '纪检监察机关',
        receiverName: '进贤县纪委监委',
        letterNumber: '进安巡移〔2026〕1号',
        clueId: clue.id,
        sentAt: '2026-03-10T16:00:00+08:00',
      } as const;
      const sent = await ledger.recordTransfer(input);
      expect(sent.isNew).toBe(true);
      expect(sent.record).toMatchObject({ receiverKind: '纪检监察机关', sentAt: '2026-03-10T08:00:00.000Z', receiptReceivedAt: null, outcome: null });
      expect((await ledger.recordTransfer(input)).isNew).toBe(false);
      expect(await ledger.listTransfers({ awaitingReceipt: true })).toHaveLength(1);

      const receipt = await ledger.recordTransferReceipt({ transferId: sent.record.id, receivedAt: '2026-03-12T10:00:00+08:00' });
      expect(receipt.changed).toBe(true);
      expect(receipt.record).toMatchObject({ receiptReceivedAt: '2026-03-12T02:00:00.000Z', outcome: null });
      expect((await ledger.recordTransferReceipt({ transferId: sent.record.id })).changed).toBe(false);

      const outcome = await ledger.recordTransferReceipt({ transferId: sent.record.id, outcome: '已立案审查' });
      expect(outcome.changed).toBe(true);
      expect(outcome.record).toMatchObject({ receiptReceivedAt: '2026-03-12T02:00:00.000Z', outcome: '已立案审查' });
      expect(await ledger.listTransfers({ awaitingReceipt: true })).toEqual([]);
      expect(await ledger.listTransfers({ clueId: clue.id })).toEqual([outcome.record]);
    });

    it('keeps the id the transfer letter already carries', async () => {
      const { record: clue } = await ledger.recordClue({ idempotencyKey: 'clue-with-letter', source: '来信', content: '企业无证生产' });
      const letterId = '6f1c2a9e-5b7d-4c1e-8a3f-2d9b0c4e7a15';
      const input = {
        id: letterId,
        idempotencyKey: `transfer:${letterId}`,
        receiverKind: '有管辖权的部门',
        receiverName: '有管辖权的部门',
        letterNumber: '赣安巡移〔2026〕2号',
        clueId: clue.id,
      } as const;
      expect((await ledger.recordTransfer(input)).record.id).toBe(letterId);
      expect((await ledger.recordTransfer(input)).isNew).toBe(false);
      expect((await ledger.getTransfer(letterId))?.letterNumber).toBe('赣安巡移〔2026〕2号');
    });

    it('requires what is transferred and a known receiver kind', async () => {
      const error = await inputError(
        ledger.recordTransfer({ idempotencyKey: 't', receiverKind: '公安机关' as never, receiverName: '县公安局', letterNumber: '1号' }),
      );
      expect(error.message).toContain('receiverKind must be one of: 纪检监察机关');
      expect(error.message).toContain('at least one of clueId and findingId is required');
    });
  });

  describe('notifications and disclosures', () => {
    it('keeps a digest of the body, once per key', async () => {
      const input = {
        idempotencyKey: '2251799813685600:notice',
        noticeType: '进驻通知',
        channel: 'email',
        recipient: 'anweiban@example.gov.cn',
        subject: '关于开展安全生产巡查的通知',
        body: '定于 2026 年 3 月 10 日进驻。',
        deliveryResult: '已发送',
        deliveryDetail: '250 OK',
      } as const;
      const first = await ledger.recordNotification(input);
      expect(first.isNew).toBe(true);
      expect(first.record.bodyDigest).toBe(createHash('sha256').update(input.body, 'utf8').digest('hex'));
      expect(first.record).toMatchObject({ channel: 'email', deliveryResult: '已发送', deliveryDetail: '250 OK', sentAt: NOW.toISOString() });
      expect((await ledger.recordNotification(input)).isNew).toBe(false);
      expect(await ledger.listNotifications()).toHaveLength(1);

      const error = await inputError(ledger.recordNotification({ ...input, idempotencyKey: 'other', channel: 'fax' as never }));
      expect(error.message).toContain('channel must be one of: email, webhook, sms, letter');
    });

    it('records a disclosure once', async () => {
      const input = {
        idempotencyKey: 'disclose',
        kind: '巡查结果',
        title: '2026 年第一轮安全生产巡查情况通报',
        location: 'https://www.example.gov.cn/aqsc/2026/01.html',
        publishedAt: '2026-06-01T09:00:00+08:00',
        processInstanceKey: '2251799813685250',
      } as const;
      const first = await ledger.recordDisclosure(input);
      expect(first.record).toMatchObject({ kind: '巡查结果', publishedAt: '2026-06-01T01:00:00.000Z' });
      expect(await ledger.recordDisclosure(input)).toEqual({ isNew: false, record: first.record });
      expect(await ledger.listDisclosures({ processInstanceKey: '2251799813685250' })).toEqual([first.record]);
    });
  });

  describe('summaries for reports (调度表)', () => {
    it('counts found and rectified major hazards by source, listings, enterprises checked and enforcement', async () => {
      const campaign = { from: '2026-06-01T00:00:00+08:00', before: '2026-07-01T00:00:00+08:00' };
      const hazard = { category: '重大事故隐患', unitName: '某企业', description: '隐患' } as const;
      const close = async (id: string, key: string, at: string) => {
        await ledger.updateFindingStatus({ findingId: id, status: '待复核', idempotencyKey: `${key}:report`, at });
        await ledger.updateFindingStatus({ findingId: id, status: '已销号', idempotencyKey: `${key}:close`, at });
      };

      const { record: selfFound } = await ledger.recordFinding({ ...hazard, source: '企业自查', idempotencyKey: 's1', foundAt: '2026-06-03T09:00:00+08:00' });
      await ledger.recordFinding({ ...hazard, source: '企业自查', idempotencyKey: 's2', foundAt: '2026-06-04T09:00:00+08:00' });
      const { record: departmentFound } = await ledger.recordFinding({ ...hazard, source: '部门检查', idempotencyKey: 'd1', foundAt: '2026-06-05T09:00:00+08:00' });
      const { record: rectifiedLater } = await ledger.recordFinding({ ...hazard, source: '部门检查', idempotencyKey: 'd2', foundAt: '2026-06-06T09:00:00+08:00' });
      await ledger.recordFinding({ ...hazard, source: '部门检查', idempotencyKey: 'before', foundAt: '2026-05-31T23:59:59+08:00' });
      await ledger.recordFinding({ ...hazard, category: '一般问题隐患', source: '巡查', idempotencyKey: 'g', foundAt: '2026-06-07T09:00:00+08:00' });
      await ledger.recordSupervisionListing({ findingId: rectifiedLater.id, authority: '县政府', listedAt: '2026-06-08T09:00:00+08:00' });
      await close(selfFound.id, 's1', '2026-06-10T09:00:00+08:00');
      await close(departmentFound.id, 'd1', '2026-06-20T09:00:00+08:00');
      await close(rectifiedLater.id, 'd2', '2026-07-02T09:00:00+08:00');

      const inspected = { kind: '抽查检查', inspectingOrgan: '县应急管理局', inspectedAt: '2026-06-15T09:00:00+08:00' } as const;
      await ledger.recordInspection({ ...inspected, idempotencyKey: 'i1', unitName: '甲公司', unitCreditCode: '91360124A' });
      await ledger.recordInspection({ ...inspected, idempotencyKey: 'i2', unitName: '甲公司（二厂）', unitCreditCode: '91360124A' });
      await ledger.recordInspection({ ...inspected, idempotencyKey: 'i3', unitName: '乙公司' });
      await ledger.recordInspection({ ...inspected, kind: '帮扶指导', idempotencyKey: 'i4', unitName: '丙公司' });

      const decided = { decidingOrgan: '县应急管理局', decidedAt: '2026-06-16T09:00:00+08:00' } as const;
      await ledger.recordEnforcementAction({ ...decided, kind: '行政处罚', idempotencyKey: 'p1', unitName: '甲公司', fineYuan: 15_000.5 });
      await ledger.recordEnforcementAction({ ...decided, kind: '行政处罚', idempotencyKey: 'p2', unitName: '乙公司', fineYuan: 20_000 });
      await ledger.recordEnforcementAction({ ...decided, kind: '行政处罚', idempotencyKey: 'p2', unitName: '乙公司', fineYuan: 20_000 });
      await ledger.recordEnforcementAction({ ...decided, kind: '移送司法机关', idempotencyKey: 'j1', unitName: '乙公司', personCount: 2 });

      await ledger.recordClue({ idempotencyKey: 'clue', source: '网络举报', content: '举报', receivedAt: '2026-06-02T09:00:00+08:00' });
      await ledger.recordNotification({
        idempotencyKey: 'n',
        noticeType: '催办',
        channel: 'webhook',
        recipient: 'https://hooks.example/anwei',
        subject: '催办',
        body: '请按期整改',
        deliveryResult: '发送失败',
        sentAt: '2026-06-02T09:00:00+08:00',
      });

      const summary = await ledger.summarize(campaign);
      expect(summary.from).toBe('2026-05-31T16:00:00.000Z');
      expect(summary.before).toBe('2026-06-30T16:00:00.000Z');
      expect(summary.majorHazardsBySource.企业自查).toEqual({ found: 2, rectified: 1 });
      expect(summary.majorHazardsBySource.部门检查).toEqual({ found: 2, rectified: 1 });
      expect(summary.majorHazardsBySource.举报).toEqual({ found: 0, rectified: 0 });
      expect(summary.listedMajorHazards).toEqual({ found: 1, rectified: 0 });
      expect(summary.findingsByCategory.重大事故隐患).toEqual({ found: 4, rectified: 2 });
      expect(summary.findingsByCategory.一般问题隐患).toEqual({ found: 1, rectified: 0 });
      expect(summary.findingsByStatus).toEqual({ 待整改: 2, 整改中: 0, 待复核: 0, 已移交: 0, 已销号: 3 });
      expect(summary.enterprisesByInspectionKind).toEqual({ 执法检查: 0, 抽查检查: 2, 帮扶指导: 1 });
      expect(summary.enforcementByKind.行政处罚).toEqual({ count: 2, units: 2, fineYuan: 35_000.5, personCount: 0 });
      expect(summary.enforcementByKind.移送司法机关).toEqual({ count: 1, units: 1, fineYuan: 0, personCount: 2 });
      expect(summary.enforcementByKind.责令停产整顿).toEqual({ count: 0, units: 0, fineYuan: 0, personCount: 0 });
      expect(summary.cluesBySource.网络举报).toBe(1);
      expect(summary.notifications).toEqual({ 已发送: 0, 发送失败: 1, 待发送: 0 });
      expect(summary.transfers).toEqual({ sent: 0, receiptReceived: 0 });
      expect(summary.disclosures).toBe(0);
    });

    it('rejects an empty or malformed range', async () => {
      const error = await inputError(ledger.summarize({ from: '2026-07-01T00:00:00+08:00', before: '2026-06-01T00:00:00+08:00' }));
      expect(error.message).toContain('from earlier than before');
    });
  });
});
