import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobType } from '../../../../workers/contract.ts';
import { toChinaDate } from '../../../../workers/deadline/calendar.ts';
import type { Ledger } from '../../../../workers/ledger/index.ts';
import { mailboxFileName } from '../../../../workers/notify/channels.ts';
import { loadDirectory, parseDirectory } from '../../../../workers/notify/directory.ts';
import { chineseDate } from '../../../../workers/notify/render.ts';
import { jobType, sendNotificationWorker } from '../../../../workers/notify/send-notification.worker.ts';
import {
  DIRECTORY_FILE,
  type NotifyHarness,
  type TestHttpReceiver,
  type TestSmtpServer,
  notifyHarness,
  notifyJob,
  onlyCall,
  startHttpReceiver,
  startSmtpServer,
} from './support.ts';

const ENTRY_NOTICE = {
  noticeType: 'entry-notice',
  recipients: ['bei-xuncha-danwei'],
  cc: ['discipline-inspection', 'organization-department'],
  context: { patrolTarget: { name: '青山湖区人民政府' }, entryDate: '2026-03-10' },
  // Not in context: taken from the process variables.
  patrolDays: 20,
} as const;

/** The 成文日期 is the engine's day at activation (fakeJob: 2026-03-02 09:00 Beijing time), not the worker's wall clock. */
function today(): string {
  return chineseDate(toChinaDate('2026-03-02T01:00:00.000Z') as string);
}

describe('anquan.notify.send', () => {
  it('is registered under its contract job type', () => {
    expect(jobType).toBe('anquan.notify.send');
    expect(sendNotificationWorker.jobType).toBe(JobType.sendNotification);
  });

  describe('over SMTP', () => {
    let smtp: TestSmtpServer;
    let harness: NotifyHarness;
    beforeEach(async () => {
      smtp = await startSmtpServer();
      harness = await notifyHarness({ channel: 'smtp', smtpUrl: smtp.url });
    });
    afterEach(async () => {
      await harness.dispose();
      await smtp.close();
    });

    it('sends the Chinese notice to each recipient, 主送 and 抄送, through a real SMTP server', async () => {
      const job = notifyJob(ENTRY_NOTICE);
      const { outcome } = await sendNotificationWorker.run(job, harness.runtime);
      expect(outcome).toBe('completed');

      expect(smtp.received.map((mail) => mail.envelopeTo)).toEqual([
        ['beixuncha@example.gov.cn'],
        ['jjjc@example.gov.cn'],
        ['zzb@example.gov.cn'],
      ]);
      const [first] = smtp.received;
      expect(first?.envelopeFrom).toBe('anweiban@example.gov.cn');
      expect(first?.parsed.subject).toBe('关于对青山湖区人民政府开展安全生产巡查的通知');
      expect(first?.parsed.to).toMatchObject({ value: [{ name: '被巡查单位', address: 'beixuncha@example.gov.cn' }] });
      expect(first?.parsed.text).toBe(
        [
          '被巡查单位：',
          '　　根据安全生产巡查工作安排，巡查组定于2026年3月10日进驻青山湖区人民政府开展安全生产巡查，时间为20天。',
          '　　请做好配合工作，如实提供有关情况和资料。',
          '　　特此通知。',
          '',
          '安委办',
          today(),
          '',
          '抄送：纪检监察机关、党委组织部门。',
          '',
        ].join('\n'),
      );
      // The copies carry the same document: same 主送 line, same text.
      expect(smtp.received[1]?.parsed.text).toBe(first?.parsed.text);

      const rows = await harness.ledger.listNotifications({ processInstanceKey: '2251799813685250' });
      expect(rows.map((row) => [row.idempotencyKey, row.recipient, row.channel, row.noticeType, row.deliveryResult])).toEqual([
        ['2251799813685499:entry-notice:bei-xuncha-danwei', 'bei-xuncha-danwei', 'email', 'entry-notice', '已发送'],
        ['2251799813685499:entry-notice:discipline-inspection', 'discipline-inspection', 'email', 'entry-notice', '已发送'],
        ['2251799813685499:entry-notice:organization-department', 'organization-department', 'email', 'entry-notice', '已发送'],
      ]);
      expect(rows[0]?.deliveryDetail).toMatch(/^smtp: 250 /);
      expect(onlyCall(job.calls)).toEqual({
        action: 'complete',
        variables: {
          notificationIds: rows.map((row) => row.id),
          sent: 3,
          skippedAsDuplicate: 0,
          // The notice as sent, for the workbench to show with the case.
          caseDocument_2251799813685499: {
            kind: 'entry-notice',
            kindLabel: '进驻通知',
            title: '关于对青山湖区人民政府开展安全生产巡查的通知',
            body: first?.parsed.text,
            sentAt: '2026-03-02T01:00:00.000Z',
            recipients: ['被巡查单位'],
            cc: ['纪检监察机关', '党委组织部门'],
          },
        },
      });
    });

    it('sends exactly one message when the same job runs twice', async () => {
      const variables = { ...ENTRY_NOTICE, cc: [] };
      const first = notifyJob(variables);
      const second = notifyJob(variables);
      await sendNotificationWorker.run(first, harness.runtime);
      await sendNotificationWorker.run(second, harness.runtime);

      expect(smtp.received).toHaveLength(1);
      const rows = await harness.ledger.listNotifications();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ idempotencyKey: '2251799813685499:entry-notice:bei-xuncha-danwei', deliveryResult: '已发送' });
      // A retry returns the same document under the same variable name.
      const document = { caseDocument_2251799813685499: expect.objectContaining({ kind: 'entry-notice' }) };
      expect(onlyCall(first.calls)).toEqual({ action: 'complete', variables: { notificationIds: [rows[0]?.id], sent: 1, skippedAsDuplicate: 0, ...document } });
      expect(onlyCall(second.calls)).toEqual({ action: 'complete', variables: { notificationIds: [rows[0]?.id], sent: 0, skippedAsDuplicate: 1, ...document } });

      // Another element instance (e.g. the next patrol round) is a different notice and is sent.
      await sendNotificationWorker.run(notifyJob(variables, { elementInstanceKey: '2251799813689999' }), harness.runtime);
      expect(smtp.received).toHaveLength(2);
    });
  });

  it('retries when the SMTP server refuses the connection, recording the failure', async () => {
    // Port 1 on loopback refuses at once: nothing listens there.
    const harness = await notifyHarness({ channel: 'smtp', smtpUrl: 'smtp://127.0.0.1:1' });
    try {
      const job = notifyJob({ ...ENTRY_NOTICE, cc: [] }, { retries: 3 });
      const { outcome } = await sendNotificationWorker.run(job, harness.runtime);
      expect(outcome).toBe('transient-failure');
      const call = onlyCall(job.calls);
      expect(call).toMatchObject({ action: 'fail', retries: 2 });
      expect(call.action === 'fail' && call.errorMessage).toMatch(/将自动重试（剩余 2 次）.*ECONNREFUSED/s);
      const [row] = await harness.ledger.listNotifications();
      expect(row).toMatchObject({ deliveryResult: '发送失败', deliveryDetail: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await harness.dispose();
    }
  });

  describe('mailbox channel', () => {
    it('prints the bodies of the jurisdiction by their full names as 主送 and 抄送, not the roles', async () => {
      const harness = await notifyHarness({});
      try {
        // 盐城方案四(七): the 整改方案 goes to 市委、市政府, copied to the 领导小组办公室 (in 市安委办).
        const job = notifyJob({
          noticeType: 'work-report',
          recipients: ['dangwei-zhengfu'],
          cc: ['anwei-ban'],
          context: { reportTitle: '亭湖区安全生产巡查整改方案', reportSummary: '整改任务清单共 3 项。' },
          profile: { id: 'yancheng' },
        });
        expect((await sendNotificationWorker.run(job, harness.runtime)).outcome).toBe('completed');
        const call = onlyCall(job.calls);
        expect(call).toMatchObject({
          variables: { caseDocument_2251799813685499: { recipients: ['中共盐城市委、盐城市人民政府'], cc: ['盐城市安全生产委员会办公室'] } },
        });
        const body = call.action === 'complete' ? (call.variables['caseDocument_2251799813685499'] as { body: string }).body : '';
        expect(body.startsWith('中共盐城市委、盐城市人民政府：\n')).toBe(true);
        expect(body).toContain('抄送：盐城市安全生产委员会办公室。');

        // A jurisdiction whose directory section names no full names (江西, valid at every level) prints the directory's names.
        const jiangxi = notifyJob({ ...job.variables, profile: { id: 'jiangxi' } }, { elementInstanceKey: '2251799813689999' });
        await sendNotificationWorker.run(jiangxi, harness.runtime);
        expect(onlyCall(jiangxi.calls)).toMatchObject({ variables: { caseDocument_2251799813689999: { recipients: ['党委政府'], cc: ['安委办'] } } });
      } finally {
        await harness.dispose();
      }
    });

    it('does not send again after a crash between writing the message and recording it', async () => {
      let failNextMark = true;
      const harness = await notifyHarness(
        {},
        {
          // Stands in for the process dying right after the message went out.
          ledger: (ledger: Ledger): Ledger =>
            new Proxy(ledger, {
              get(target, property) {
                if (property === 'updateNotificationDelivery') {
                  return async (input: Parameters<Ledger['updateNotificationDelivery']>[0]) => {
                    if (failNextMark && input.deliveryResult === '已发送') {
                      failNextMark = false;
                      throw new Error('database connection lost');
                    }
                    return target.updateNotificationDelivery(input);
                  };
                }
                const value: unknown = Reflect.get(target, property);
                // The ledger keeps its state in private fields, so its methods must run on the ledger itself.
                return typeof value === 'function' ? value.bind(target) : value;
              },
            }),
        },
      );
      try {
        const variables = { ...ENTRY_NOTICE, cc: [] };
        const crashed = notifyJob(variables);
        expect((await sendNotificationWorker.run(crashed, harness.runtime)).outcome).toBe('transient-failure');
        expect((await harness.ledger.listNotifications())[0]?.deliveryResult).toBe('待发送');

        const retried = notifyJob(variables);
        expect((await sendNotificationWorker.run(retried, harness.runtime)).outcome).toBe('completed');
        expect(onlyCall(retried.calls)).toMatchObject({ variables: { sent: 0, skippedAsDuplicate: 1 } });
        const [row] = await harness.ledger.listNotifications();
        expect(row?.deliveryResult).toBe('已发送');
        expect(await readdir(path.join(harness.folder, 'mailbox', 'bei-xuncha-danwei'))).toEqual([
          mailboxFileName('2251799813685499:entry-notice:bei-xuncha-danwei'),
        ]);
      } finally {
        await harness.dispose();
      }
    });
  });

  describe('webhook', () => {
    let receiver: TestHttpReceiver;
    let harness: NotifyHarness;
    beforeEach(async () => {
      receiver = await startHttpReceiver();
      const checkedIn = await loadDirectory(DIRECTORY_FILE);
      const entries = Object.fromEntries(checkedIn.ids.map((id) => [id, checkedIn.get(id)]));
      const directory = parseDirectory({
        recipients: {
          ...entries,
          'local-party-government': { name: '属地党委政府', channels: { email: ['shudi@example.gov.cn'], webhook: receiver.url } },
        },
      });
      harness = await notifyHarness({}, { directory });
    });
    afterEach(async () => {
      await harness.dispose();
      await receiver.close();
    });

    it('posts to the recipient webhook with an Idempotency-Key, retries a 5xx, and never posts a delivered notice again', async () => {
      const variables = {
        noticeType: 'major-hazard-listing',
        recipients: ['local-party-government'],
        context: { hazard: { unitName: '某化工有限公司', description: '涉及重点监管危险化工工艺的装置未实现自动化控制。' }, documentNumber: '县安委〔2026〕5号', dueDate: '2026-04-30' },
      };
      receiver.status = 503;
      const failed = notifyJob(variables);
      expect((await sendNotificationWorker.run(failed, harness.runtime)).outcome).toBe('transient-failure');
      expect(onlyCall(failed.calls)).toMatchObject({ action: 'fail', retries: 2 });

      receiver.status = 200;
      const retried = notifyJob(variables, { retries: 2 });
      await sendNotificationWorker.run(retried, harness.runtime);
      // The e-mail went out on the first attempt; only the webhook is made up for.
      expect(onlyCall(retried.calls)).toMatchObject({ action: 'complete', variables: { sent: 1, skippedAsDuplicate: 1 } });

      const again = notifyJob(variables, { retries: 2 });
      await sendNotificationWorker.run(again, harness.runtime);
      expect(onlyCall(again.calls)).toMatchObject({ action: 'complete', variables: { sent: 0, skippedAsDuplicate: 2 } });

      expect(receiver.received).toHaveLength(2);
      const delivered = receiver.received[1];
      expect(delivered?.headers['idempotency-key']).toBe('2251799813685499:major-hazard-listing:local-party-government:webhook');
      const payload = JSON.parse(delivered?.body ?? '') as Record<string, unknown>;
      expect(payload).toMatchObject({
        noticeType: 'major-hazard-listing',
        noticeTypeName: '挂牌督办通知',
        recipient: { id: 'local-party-government', name: '属地党委政府' },
        subject: '关于对某化工有限公司重大事故隐患挂牌督办的通知',
        processInstanceKey: '2251799813685250',
      });
      expect(payload['body']).toContain('决定对该隐患挂牌督办（督办文号：县安委〔2026〕5号）。请督促落实整改措施，于2026年4月30日前完成整改');

      const rows = await harness.ledger.listNotifications();
      expect(rows.map((row) => [row.channel, row.deliveryResult, row.deliveryDetail])).toEqual([
        ['email', '已发送', expect.stringMatching(/^mailbox: /)],
        ['webhook', '已发送', 'webhook: HTTP 200'],
      ]);
    });
  });

  describe('bad input raises an incident at once, sending nothing', () => {
    let harness: NotifyHarness;
    beforeEach(async () => {
      harness = await notifyHarness();
    });
    afterEach(async () => {
      await harness.dispose();
    });

    async function incident(variables: Record<string, unknown>): Promise<string> {
      const job = notifyJob(variables);
      const { outcome } = await sendNotificationWorker.run(job, harness.runtime);
      expect(outcome).toBe('invalid-input');
      const call = onlyCall(job.calls);
      if (call.action !== 'fail') throw new Error('expected a failure');
      expect(call.retries).toBe(0);
      expect(await harness.ledger.listNotifications()).toEqual([]);
      expect((await readdir(harness.folder)).includes('mailbox')).toBe(false);
      return call.errorMessage;
    }

    it('names an unknown notice type and the valid ones', async () => {
      const message = await incident({ ...ENTRY_NOTICE, noticeType: 'weather-report' });
      expect(message).toContain('输入变量无效，请在 Cockpit 中修正流程变量后重试 / invalid input variables');
      expect(message).toContain('变量 noticeType 的值 "weather-report" 不是已知的通知种类，可用 entry-notice、contact-announcement');
      expect(message).toContain('variable noticeType is "weather-report", not a known notice type; valid: entry-notice, contact-announcement');
      expect(message).toContain('receipt-reminder');
    });

    it('names an unknown recipient and the valid ids', async () => {
      const message = await incident({ ...ENTRY_NOTICE, recipients: ['bei-xuncha-danwei', 'county-mayor'], cc: ['nobody'] });
      expect(message).toContain('变量 recipients 中的 "county-mayor" 不在收件人名录中，可用 discipline-inspection、');
      expect(message).toContain('"county-mayor" in variable recipients is not in the recipient directory; valid: discipline-inspection, ');
      expect(message).toContain('"nobody" in variable cc is not in the recipient directory');
    });

    it('names a template value that is missing', async () => {
      const message = await incident({ ...ENTRY_NOTICE, context: { patrolTarget: { name: '青山湖区人民政府' } } });
      expect(message).toContain('模板 "entry-notice" 需要变量 entryDate，请在 context 或流程变量中提供 / template "entry-notice" needs variable entryDate');
    });

    it('names malformed variables', async () => {
      const message = await incident({ noticeType: 'feedback', recipients: 'anwei-ban', context: 'none' });
      expect(message).toContain('变量 recipients 应为收件人编号的非空列表');
      expect(message).toContain('variable recipients must be a non-empty list of recipient ids such as ["anwei-ban"] (got "anwei-ban")');
      expect(message).toContain('variable context must be an object of template values (got "none")');
      expect(await incident({ noticeType: 'feedback' })).toContain('缺少变量 recipients / variable recipients is missing');
    });
  });
});
