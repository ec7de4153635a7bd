/**
 * How a case (process instance) is shown in 移交来件 and on its page: the
 * history query behind the list, the title named for the receiving organ,
 * the 文号, the state, and the order.
 */
import { describe, expect, it } from 'vitest';
import { ProcessId } from '../../../../../workers/contract.ts';
import {
  caseListQuery,
  caseState,
  caseSummary,
  caseSummaryVariableNames,
  caseTitle,
  isCaseKind,
  newestFirst,
} from '../../../../../workbench/server/cases/case-summary.ts';
import type { EngineHistoricProcessInstance } from '../../../../../workbench/server/engine-types.ts';

const INSTANCE: EngineHistoricProcessInstance = {
  id: 'pi-1',
  businessKey: '盐安巡〔2026〕1号',
  processDefinitionId: 'clue-transfer:3:abc',
  processDefinitionKey: 'clue-transfer',
  processDefinitionName: '问题线索移交',
  startTime: '2026-10-12T09:00:00.000+0800',
  endTime: null,
  state: 'ACTIVE',
};

const LETTER = { title: '关于移交问题线索的函', body: '正文', letterNumber: '赣安巡移〔2026〕7号', receiverName: '县纪委监委' };
const FINDING = { category: '干部作风', description: '执法检查流于形式', responsibleUnit: '县应急管理局' };

describe('the 移交来件 list', () => {
  it('asks the history for the clue transfers, running and finished, newest first', () => {
    expect(isCaseKind('transfers')).toBe(true);
    expect(isCaseKind('everything')).toBe(false);
    expect(isCaseKind(undefined)).toBe(false);
    expect(caseListQuery('transfers')).toMatchObject({ processDefinitionKey: ProcessId.clueTransfer, sortBy: 'startTime', sortOrder: 'desc' });
    // No `finished` or `unfinished`: both kinds are listed.
    expect(Object.keys(caseListQuery('transfers'))).not.toContain('finished');
  });

  it('reads the letter, the finding and the numbers of a transfer', () => {
    expect(caseSummaryVariableNames(ProcessId.clueTransfer)).toEqual(expect.arrayContaining(['transferLetter', 'transferId', 'finding', 'patrolTarget']));
    expect(caseSummaryVariableNames('no-such-process')).toEqual([]);
  });

  it('sorts newest first whatever the offsets', () => {
    const cases = [
      { processInstanceId: 'a', startTime: '2026-10-01T08:00:00+08:00' },
      { processInstanceId: 'b', startTime: '2026-10-01T01:00:00Z' },
      { processInstanceId: 'c', startTime: '2026-09-30T23:00:00Z' },
    ];
    expect(newestFirst(cases).map((item) => item.processInstanceId)).toEqual(['b', 'a', 'c']);
  });
});

describe('caseTitle', () => {
  it('names the 移交函 for the organ receiving it, else the unit the finding concerns, else the patrolled target', () => {
    expect(caseTitle(ProcessId.clueTransfer, '问题线索移交', { transferLetter: LETTER, finding: FINDING })).toBe('移交函 · 县纪委监委');
    expect(caseTitle(ProcessId.clueTransfer, '问题线索移交', { finding: FINDING })).toBe('移交函 · 县应急管理局');
    expect(caseTitle(ProcessId.clueTransfer, '问题线索移交', { patrolTarget: { name: '某县委、县人民政府' } })).toBe('移交函 · 某县委、县人民政府');
    expect(caseTitle(ProcessId.clueTransfer, '问题线索移交', {})).toBe('移交函');
  });

  it('names other procedures by the procedure and its target', () => {
    expect(caseTitle(ProcessId.safetyPatrol, '安全生产巡查', { patrolTarget: { name: '某县' } })).toBe('安全生产巡查 · 某县');
    expect(caseTitle('no-such-process', '某流程', {})).toBe('某流程');
  });
});

describe('caseSummary', () => {
  it('carries the 文号, the procedure and the state, dates in ISO 8601', () => {
    expect(caseSummary(INSTANCE, { transferLetter: LETTER, transferId: 'T-1', finding: FINDING })).toEqual({
      processInstanceId: 'pi-1',
      processDefinitionKey: 'clue-transfer',
      procedure: '问题线索移交',
      title: '移交函 · 县纪委监委',
      caseNumber: '赣安巡移〔2026〕7号',
      businessKey: '盐安巡〔2026〕1号',
      state: 'ACTIVE',
      startTime: '2026-10-12T09:00:00.000+08:00',
      endTime: null,
    });
  });

  it('falls back to the 移交编号 before the letter has a 文号, and to the key without a definition name', () => {
    const summary = caseSummary({ ...INSTANCE, processDefinitionKey: null, processDefinitionName: null }, { transferId: 'T-1' });
    expect(summary).toMatchObject({ processDefinitionKey: 'clue-transfer', procedure: 'clue-transfer', caseNumber: 'T-1', title: '移交函' });
  });

  it('keeps the engine’s state, and reads one it does not name from the end time', () => {
    expect(caseState({ state: 'COMPLETED', endTime: '2026-11-01T00:00:00Z' })).toBe('COMPLETED');
    expect(caseState({ state: 'EXTERNALLY_TERMINATED', endTime: '2026-11-01T00:00:00Z' })).toBe('EXTERNALLY_TERMINATED');
    expect(caseState({ state: null, endTime: '2026-11-01T00:00:00Z' })).toBe('COMPLETED');
    expect(caseState({ state: 'SOMETHING_NEW', endTime: null })).toBe('ACTIVE');
  });
});
