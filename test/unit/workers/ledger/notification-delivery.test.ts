import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerConfig } from '../../../../workers/config.ts';
import { type Ledger, LedgerInputError, openLedger } from '../../../../workers/ledger/index.ts';
import { type TestBackend, postgresBackend, postgresReachable, sqliteBackend } from './backends.ts';

const logger = pino({ level: 'silent' });
const RESERVED_AT = new Date('2026-03-02T01:00:00.000Z');
const SENT_AT = new Date('2026-03-02T01:00:05.000Z');

const postgresAvailable = await postgresReachable();

describe.each([
  { backend: sqliteBackend(), available: true },
  { backend: postgresBackend(), available: postgresAvailable },
])('notification delivery on $backend.name', ({ backend, available }: { backend: TestBackend; available: boolean }) => {
  let config: LedgerConfig;
  let ledger: Ledger;
  let clock = RESERVED_AT;

  beforeEach(async ({ skip }) => {
    if (!available) skip();
    clock = RESERVED_AT;
    config = await backend.fresh();
    ledger = await openLedger(config, logger, { now: () => clock });
  });

  afterEach(async () => {
    await ledger?.close();
    await backend.removeAll();
  });

  async function reserve(): Promise<string> {
    const { record } = await ledger.recordNotification({
      idempotencyKey: '2251799813685499:entry-notice:anwei-ban',
      noticeType: '进驻通知',
      channel: 'email',
      recipient: 'anwei-ban',
      subject: '关于对青山湖区人民政府开展安全生产巡查的通知',
      body: '安委办：……',
      deliveryResult: '待发送',
    });
    expect(record.deliveryResult).toBe('待发送');
    return record.id;
  }

  it('moves a reserved notification to 已发送 with the time it went out', async () => {
    const id = await reserve();
    clock = SENT_AT;
    const marked = await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '已发送', deliveryDetail: 'smtp: 250 OK' });
    expect(marked.changed).toBe(true);
    expect(marked.record).toMatchObject({ deliveryResult: '已发送', deliveryDetail: 'smtp: 250 OK', sentAt: SENT_AT.toISOString(), updatedAt: SENT_AT.toISOString() });
    expect((await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '已发送', deliveryDetail: 'smtp: 250 OK' })).changed).toBe(false);
    expect((await ledger.listNotifications())[0]).toEqual(marked.record);
  });

  it('lets a failed delivery be retried but never un-sends a delivered one', async () => {
    const id = await reserve();
    expect((await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '发送失败', deliveryDetail: 'ECONNREFUSED' })).changed).toBe(true);
    expect((await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '已发送', deliveryDetail: 'smtp: 250 OK' })).record.deliveryResult).toBe(
      '已发送',
    );
    const late = await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '发送失败', deliveryDetail: 'timeout' });
    expect(late).toMatchObject({ changed: false, record: { deliveryResult: '已发送', deliveryDetail: 'smtp: 250 OK' } });

    const summary = await ledger.summarize({ from: '2026-03-01T00:00:00+08:00', before: '2026-03-03T00:00:00+08:00' });
    expect(summary.notifications).toEqual({ 已发送: 1, 发送失败: 0, 待发送: 0 });
  });

  it('names an unknown notification and an unknown result', async () => {
    await expect(ledger.updateNotificationDelivery({ notificationId: 'missing', deliveryResult: '已发送' })).rejects.toThrow(
      /通知 \/ notification missing 不存在 \/ does not exist/,
    );
    const id = await reserve();
    const error = await ledger.updateNotificationDelivery({ notificationId: id, deliveryResult: '已阅' as never }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerInputError);
    expect((error as LedgerInputError).message).toContain('deliveryResult must be one of: 已发送, 发送失败, 待发送');
  });
});
