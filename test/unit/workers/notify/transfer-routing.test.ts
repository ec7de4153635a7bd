/**
 * The clue-transfer section of the recipient directory (jurisdictions): the
 * 纪检监察机关 competent by 干部管理权限 per jurisdiction and cadre level, the
 * 文号 代字 per transferring organ, and clear errors for a broken section or
 * a cadre the directory cannot place.
 */
import { describe, expect, it } from 'vitest';
import { Receiver } from '../../../../workers/contract.ts';
import {
  type Cadre,
  DirectoryError,
  TransferRoutingError,
  loadDirectory,
  parseDirectory,
  resolveTransferRecipient,
} from '../../../../workers/notify/directory.ts';
import { DIRECTORY_FILE } from './support.ts';

const cadre = (level: Cadre['level'], region?: string): Cadre => ({ name: '王某', post: '局长', level, unit: '某局', ...(region ? { region } : {}) });

function routingError(run: () => unknown): TransferRoutingError {
  try {
    run();
  } catch (error) {
    if (error instanceof TransferRoutingError) return error;
    throw error;
  }
  throw new Error('expected a TransferRoutingError');
}

async function fileData(): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(DIRECTORY_FILE, 'utf8')) as Record<string, unknown>;
}

describe('transfer routing by 干部管理权限', () => {
  it('resolves the competent 纪检监察机关 per jurisdiction and cadre level', async () => {
    const directory = await loadDirectory(DIRECTORY_FILE);
    const at = (jurisdiction: string, cadres: Cadre[]) => resolveTransferRecipient(directory, { jurisdiction, receiver: Receiver.disciplineInspection, cadres });
    expect(at('yancheng', [cadre('municipal')]).recipient).toMatchObject({ id: 'yancheng-jiwei', name: '中共盐城市纪委、盐城市监委' });
    expect(at('yancheng', [cadre('provincial')]).recipient.name).toBe('中共江苏省纪委、江苏省监委');
    expect(at('yancheng', [cadre('county', '亭湖区')]).recipient.name).toBe('中共盐城市亭湖区纪委、亭湖区监委');
    expect(at('jiangxi', [cadre('provincial')]).recipient.name).toBe('中共江西省纪委、江西省监委');
    expect(at('jiangxi', [cadre('county', '进贤县')]).recipient.name).toBe('中共进贤县纪委、进贤县监委');
    expect(at('hunan', [cadre('municipal', '长沙市')]).recipient.name).toBe('中共长沙市纪委、长沙市监委');
    // 就高: one clue naming a 县管 and a 市管 cadre goes to the 市 body.
    const mixed = at('yancheng', [cadre('county', '亭湖区'), { ...cadre('municipal'), name: '张某' }]);
    expect(mixed).toMatchObject({ level: 'municipal', reason: '按干部管理权限（市管干部 张某）' });
    // No cadre named: the jurisdiction's own body; 江西's default serves every level, so the directory's own entry.
    expect(at('yancheng', []).recipient.id).toBe('yancheng-jiwei');
    expect(at('jiangxi', []).recipient).toMatchObject({ id: 'discipline-inspection', name: '纪检监察机关' });
  });

  it('keeps one recipient per kind for the other receivers', async () => {
    const directory = await loadDirectory(DIRECTORY_FILE);
    for (const receiver of [Receiver.localPartyGovernment, Receiver.competentDepartment, Receiver.businessRegulator, Receiver.organizationDepartment]) {
      expect(resolveTransferRecipient(directory, { jurisdiction: 'yancheng', receiver }).recipient.id).toBe(receiver);
    }
    expect(directory.jurisdiction('yancheng')?.letterPrefixes).toEqual({ 'anwei-ban': '盐安巡移', 'qiantou-bumen': '盐安专移', 'hangye-zhuguan': '盐安行移', 'yewu-jianguan': '盐安监移' });
  });

  it('says what is missing when a cadre cannot be placed', async () => {
    const directory = await loadDirectory(DIRECTORY_FILE);
    const noRegion = routingError(() => resolveTransferRecipient(directory, { jurisdiction: 'yancheng', receiver: Receiver.disciplineInspection, cadres: [cadre('county')] }));
    expect(noRegion.badInput).toBe(true);
    expect(noRegion.message).toContain('县管干部 王某 须注明所在地区 region（可选：亭湖区、盐都区）');
    expect(noRegion.message).toContain('county cadre 王某 needs a region');
    const unknownRegion = routingError(() => resolveTransferRecipient(directory, { jurisdiction: 'yancheng', receiver: Receiver.disciplineInspection, cadres: [cadre('county', '射阳县')] }));
    expect(unknownRegion.message).toContain('no competent body for region "射阳县"');
    const noLevel = routingError(() => resolveTransferRecipient(directory, { jurisdiction: 'hunan', receiver: Receiver.disciplineInspection, cadres: [cadre('county', '浏阳市')] }));
    expect(noLevel.badInput).toBe(false);
    expect(noLevel.message).toContain('jurisdictions.hunan.cadreAuthority.discipline-inspection.county');
    const noSection = routingError(() =>
      resolveTransferRecipient(parseDirectory({ recipients: Object.fromEntries(directory.ids.map((id) => [id, directory.get(id)])) }), {
        jurisdiction: 'yancheng',
        receiver: Receiver.disciplineInspection,
        cadres: [cadre('municipal')],
      }),
    );
    expect(noSection.message).toContain('the recipient directory has no jurisdictions.yancheng section');
  });

  it('reports every broken entry of the jurisdictions section at once', async () => {
    const data = await fileData();
    const jurisdictions = data['jurisdictions'] as Record<string, Record<string, unknown>>;
    const broken = {
      ...data,
      jurisdictions: {
        jiangxi: jurisdictions['jiangxi'],
        yancheng: {
          letterPrefixes: { 'anwei-ban': '盐安〔巡〕移', 'qiantou-bumen': '盐安专移', 'hangye-zhuguan': '盐安行移' },
          organs: { 'nobody-office': '某办公室', 'xuncha-zu': ' ' },
          cadreAuthority: {
            'discipline-inspection': { municipal: 'nobody-jiwei', county: { regions: { 亭湖区: 42 } }, township: 'yancheng-jiwei' },
            police: {},
          },
        },
        shanghai: {},
      },
    };
    let error: unknown;
    try {
      parseDirectory(broken, 'test.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DirectoryError);
    const problems = (error as DirectoryError).problems.join('\n');
    expect(problems).toContain('jurisdictions lacks "hunan"');
    expect(problems).toContain('jurisdictions.shanghai: 未知辖区');
    expect(problems).toContain('jurisdictions.yancheng.letterPrefixes.anwei-ban: 应为移交函文号的机关代字');
    expect(problems).toContain('jurisdictions.yancheng.letterPrefixes.yewu-jianguan');
    expect(problems).toContain('jurisdictions.yancheng.organs.nobody-office: 不是名录中的收件人编号');
    expect(problems).toContain('jurisdictions.yancheng.organs.xuncha-zu: 应为该机关在本辖区的全称');
    expect(problems).toContain('jurisdictions.yancheng.cadreAuthority.discipline-inspection.municipal: "nobody-jiwei" 不是名录中的收件人编号');
    expect(problems).toContain('jurisdictions.yancheng.cadreAuthority.discipline-inspection.county.regions.亭湖区: 42 不是名录中的收件人编号');
    expect(problems).toContain('jurisdictions.yancheng.cadreAuthority.discipline-inspection.township: 未知干部层级');
    expect(problems).toContain('jurisdictions.yancheng.cadreAuthority.police: 未知接收机关');
  });
});
