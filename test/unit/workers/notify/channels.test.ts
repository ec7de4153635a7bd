import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, MailboxChannel, WebhookDeliveryError, mailboxFileName, messageIdFor, postWebhook } from '../../../../workers/notify/channels.ts';
import { FROM, type TestHttpReceiver, startHttpReceiver } from './support.ts';

const KEY = '2251799813685499:entry-notice:bei-xuncha-danwei';
const message = {
  idempotencyKey: KEY,
  recipientId: 'bei-xuncha-danwei',
  to: [{ name: '被巡查单位', address: 'beixuncha@example.gov.cn' }],
  subject: '关于对青山湖区人民政府开展安全生产巡查的通知',
  text: '被巡查单位：\n　　巡查组定于2026年3月10日进驻。\n',
};

describe('mailbox channel', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-mailbox-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes an RFC 5322 .eml with an encoded Chinese subject, named after the idempotency key', async () => {
    const channel = new MailboxChannel(folder, FROM);
    const receipt = await channel.deliver(message);
    const file = path.join(folder, 'bei-xuncha-danwei', '2251799813685499_entry-notice_bei-xuncha-danwei.eml');
    expect(mailboxFileName(KEY)).toBe('2251799813685499_entry-notice_bei-xuncha-danwei.eml');
    expect(receipt).toEqual({ sentNow: true, detail: `mailbox: ${file}` });

    const raw = await readFile(file);
    const headers = raw.toString('latin1').split('\r\n\r\n')[0] as string;
    // Headers are 7-bit: the Chinese subject and names travel as RFC 2047 encoded words.
    expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(/[^\x00-\x7f]/.test(headers)).toBe(false);
    expect(raw.toString('latin1')).toContain('\r\n');

    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text).toBe(message.text);
    expect(parsed.from?.value).toEqual([{ name: '安委办', address: 'anweiban@example.gov.cn' }]);
    expect(parsed.to).toMatchObject({ value: [{ name: '被巡查单位', address: 'beixuncha@example.gov.cn' }] });
    expect(parsed.messageId).toBe(messageIdFor(KEY, FROM));
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{40}@example\.gov\.cn>$/);
    expect(parsed.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(KEY);
    expect(parsed.date).toBeInstanceOf(Date);
    await channel.close();
  });

  it('never writes the same key twice and leaves no temporary files', async () => {
    const channel = new MailboxChannel(folder, FROM);
    await channel.deliver(message);
    const file = path.join(folder, 'bei-xuncha-danwei', mailboxFileName(KEY));
    const first = await readFile(file);
    const again = await channel.deliver({ ...message, subject: '改过的标题' });
    expect(again.sentNow).toBe(false);
    expect(await readFile(file)).toEqual(first);
    expect(await readdir(path.join(folder, 'bei-xuncha-danwei'))).toEqual([mailboxFileName(KEY)]);
    await channel.close();
  });
});

describe('webhook channel', () => {
  let receiver: TestHttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  const payload = {
    idempotencyKey: `${KEY}:webhook`,
    noticeType: 'entry-notice',
    noticeTypeName: '进驻通知',
    recipient: { id: 'bei-xuncha-danwei', name: '被巡查单位' },
    subject: message.subject,
    body: message.text,
    processInstanceKey: '2251799813685250',
    bpmnProcessId: 'safety-patrol',
  };

  it('POSTs the notice as UTF-8 JSON with an Idempotency-Key header', async () => {
    await expect(postWebhook(receiver.url, payload)).resolves.toEqual({ sentNow: true, detail: 'webhook: HTTP 200' });
    const [request] = receiver.received;
    expect(request?.method).toBe('POST');
    expect(request?.headers['idempotency-key']).toBe(`${KEY}:webhook`);
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(request?.body ?? '')).toEqual(payload);
  });

  it('treats a non-2xx answer and an unreachable receiver as failures to retry', async () => {
    receiver.status = 503;
    const error = await postWebhook(receiver.url, payload).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WebhookDeliveryError);
    expect((error as WebhookDeliveryError).message).toContain('返回 HTTP 503，未送达 / webhook');
    // Port 1 on loopback refuses at once: nothing listens there.
    await expect(postWebhook('http://127.0.0.1:1/notices', payload)).rejects.toThrow(/无法送达 \/ webhook http:\/\/127\.0\.0\.1:1\/notices could not be reached/);
  });
});
