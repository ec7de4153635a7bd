import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, PROJECT_ROOT, loadConfig } from '../../../../workers/config.ts';
import { issuerOf } from '../../../../workers/notify/notifier.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('notify configuration', () => {
  it('defaults to the local mailbox folder and the checked-in directory', () => {
    expect(loadConfig({}).notify).toEqual({
      channel: 'mailbox',
      from: '安委办 <anweiban@example.gov.cn>',
      mailboxDir: path.join(PROJECT_ROOT, 'var/mailbox'),
      directoryFile: path.join(PROJECT_ROOT, 'processes/directory.json'),
    });
    expect(issuerOf(loadConfig({}).notify.from)).toBe('安委办');
    expect(issuerOf('"县安委办" <ab@example.gov.cn>')).toBe('县安委办');
    expect(issuerOf('ab@example.gov.cn')).toBe('ab@example.gov.cn');
  });

  it('reads the SMTP channel', () => {
    const notify = loadConfig({ NOTIFY_CHANNEL: 'SMTP', SMTP_URL: 'smtps://user:secret@smtp.example.gov.cn:465', NOTIFY_FROM: 'xc@example.gov.cn' }).notify;
    expect(notify).toMatchObject({ channel: 'smtp', smtpUrl: 'smtps://user:secret@smtp.example.gov.cn:465', from: 'xc@example.gov.cn' });
  });

  it('requires SMTP_URL for the SMTP channel and never echoes it', () => {
    expect(configError({ NOTIFY_CHANNEL: 'smtp' }).problems).toEqual([
      'SMTP_URL 未设置，NOTIFY_CHANNEL=smtp 时必填 / SMTP_URL is required when NOTIFY_CHANNEL=smtp',
    ]);
    const error = configError({ NOTIFY_CHANNEL: 'smtp', SMTP_URL: 'http://user:secret@smtp.example.gov.cn' });
    expect(error.message).toContain('SMTP_URL');
    expect(error.message).not.toContain('secret');
  });

  it.each([
    [{ NOTIFY_CHANNEL: 'pigeon' }, 'NOTIFY_CHANNEL'],
    [{ NOTIFY_FROM: '安委办' }, 'NOTIFY_FROM'],
    [{ NOTIFY_FROM: '安委办 <anweiban@example.gov.cn' }, 'NOTIFY_FROM'],
  ])('rejects %o naming %s', (env, key) => {
    expect(configError(env).message).toContain(key);
  });
});
