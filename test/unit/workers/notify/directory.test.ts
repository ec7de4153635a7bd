import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CandidateGroup, Receiver } from '../../../../workers/contract.ts';
import { DirectoryError, REQUIRED_RECIPIENT_IDS, loadDirectory, parseDirectory } from '../../../../workers/notify/directory.ts';
import { DIRECTORY_FILE } from './support.ts';

function directoryError(data: unknown): DirectoryError {
  try {
    parseDirectory(data, 'test.json');
  } catch (error) {
    if (error instanceof DirectoryError) return error;
    throw error;
  }
  throw new Error('expected a DirectoryError');
}

async function minimalEntries(): Promise<Record<string, unknown>> {
  const directory = await loadDirectory(DIRECTORY_FILE);
  return Object.fromEntries(directory.ids.map((id) => [id, { name: directory.get(id)?.name, channels: directory.get(id)?.channels }]));
}

describe('recipient directory', () => {
  it('processes/directory.json names every receiver and candidate group in Chinese', async () => {
    const directory = await loadDirectory(DIRECTORY_FILE);
    for (const id of [...Object.values(Receiver), ...Object.values(CandidateGroup)]) {
      const recipient = directory.get(id);
      expect(recipient, id).toBeDefined();
      expect(recipient?.name).toMatch(/\p{Script=Han}/u);
      expect(recipient?.channels.email.every((address) => address.endsWith('@example.gov.cn'))).toBe(true);
    }
    expect(directory.get(Receiver.disciplineInspection)).toEqual({
      id: 'discipline-inspection',
      name: '纪检监察机关',
      channels: { email: ['jjjc@example.gov.cn'] },
    });
  });

  it('reports every broken entry at once, naming it', async () => {
    const entries = await minimalEntries();
    const error = directoryError({
      recipients: {
        ...entries,
        'anwei-ban': { name: '', channels: { email: ['not-an-address'], webhook: 'ftp://example.gov.cn' } },
        'xuncha-zu': { name: '巡查组', channels: { email: [] } },
        'lingdao-xiaozu': { name: '巡查工作领导小组', channels: { email: ['ldxz@example.gov.cn'], fax: '0791-1234567' } },
        Bad_Id: { name: '某单位', channels: { email: ['a@example.gov.cn'] } },
        'zeren-danwei': undefined,
      },
    });
    expect(error.message).toMatch(/^收件人名录 test\.json 无效 \/ recipient directory test\.json is invalid:/);
    expect(error.problems).toEqual([
      '收件人 / recipient "anwei-ban": 缺少中文名称 name / name (the Chinese name) is missing',
      '收件人 / recipient "anwei-ban": channels.email 中的 "not-an-address" 不是邮箱地址 / "not-an-address" in channels.email is not an e-mail address',
      '收件人 / recipient "anwei-ban": channels.webhook 应为 http(s) 地址 / channels.webhook must be an http(s) URL (got "ftp://example.gov.cn")',
      '收件人 / recipient "xuncha-zu": 至少需要一个邮箱或 webhook / needs at least one e-mail address or a webhook',
      '收件人 / recipient "lingdao-xiaozu": 未知渠道 "fax"，可用 email、webhook / unknown channel "fax"; use email or webhook',
      '收件人 / recipient "zeren-danwei": 应为含 name 和 channels 的对象 / must be an object with name and channels',
      '收件人 / recipient "Bad_Id": 编号只能由小写字母、数字和连字符组成 / the id may contain only lower-case letters, digits and hyphens',
    ]);
  });

  it('requires every id the processes refer to', async () => {
    const entries = await minimalEntries();
    delete entries['jijian-lianluo'];
    expect(directoryError({ recipients: entries }).problems).toEqual([
      '缺少收件人 "jijian-lianluo"（流程引用该编号）/ recipient "jijian-lianluo" is missing (the processes refer to it)',
    ]);
    expect([...REQUIRED_RECIPIENT_IDS].sort()).toEqual([...Object.values(Receiver), ...Object.values(CandidateGroup)].sort());
    expect(directoryError([]).problems[0]).toContain('the top level must be { "recipients": { id: entry } }');
  });

  it('accepts a webhook-only recipient and names an unreadable or invalid file', async () => {
    const entries = await minimalEntries();
    const directory = parseDirectory({ recipients: { ...entries, 'county-emergency-bureau': { name: '县应急管理局', channels: { webhook: 'https://hook.example.gov.cn/notices' } } } });
    expect(directory.get('county-emergency-bureau')?.channels).toEqual({ email: [], webhook: 'https://hook.example.gov.cn/notices' });

    const folder = await mkdtemp(path.join(os.tmpdir(), 'anquan-directory-'));
    try {
      const file = path.join(folder, 'directory.json');
      await writeFile(file, '{ "recipients": ');
      await expect(loadDirectory(file)).rejects.toThrow(/不是合法的 JSON \/ not valid JSON/);
      await expect(loadDirectory(path.join(folder, 'missing.json'))).rejects.toThrow(/无法读取文件 \/ cannot read the file/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
