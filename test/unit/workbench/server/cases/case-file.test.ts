/**
 * The case's variables as the task and case pages read them from the
 * history: the instance's own scope, and the case documents wherever the
 * notify worker kept them, Json values parsed.
 */
import { describe, expect, it } from 'vitest';
import { historicValues } from '../../../../../workbench/server/cases/case-file.ts';
import type { EngineHistoricVariable } from '../../../../../workbench/server/engine-types.ts';

const variable = (fields: Partial<EngineHistoricVariable> & Pick<EngineHistoricVariable, 'name' | 'value'>): EngineHistoricVariable => ({
  type: 'String',
  processInstanceId: 'pi-1',
  activityInstanceId: 'pi-1',
  ...fields,
});

const VARIABLES: EngineHistoricVariable[] = [
  variable({ name: 'transferLetter', type: 'Json', value: '{"title":"函","body":"正文","letterNumber":"7号"}' }),
  variable({ name: 'transferId', value: 'T-1' }),
  // A user task's input (its own activity instance): not the case's.
  variable({ name: 'letterBody', value: '输入映射的副本', activityInstanceId: 'ReviewTransferLetter:1' }),
  variable({ name: 'caseDocument_SendReminder_1', type: 'Json', value: '{"title":"催办函","body":"请回执"}', activityInstanceId: 'SendReminder:1' }),
  variable({ name: 'transferId', value: 'T-2', processInstanceId: 'pi-2', activityInstanceId: null }),
];

describe('historicValues', () => {
  it('keeps each instance’s own variables, parsed, and leaves out what belongs to one step', () => {
    const values = historicValues(VARIABLES);
    expect(values.get('pi-1')).toEqual({ transferLetter: { title: '函', body: '正文', letterNumber: '7号' }, transferId: 'T-1' });
    expect(values.get('pi-2')).toEqual({ transferId: 'T-2' });
  });

  it('with documents, also keeps the case documents kept in a step’s scope', () => {
    const values = historicValues(VARIABLES, { documents: true });
    expect(values.get('pi-1')).toMatchObject({ caseDocument_SendReminder_1: { title: '催办函', body: '请回执' } });
    expect(values.get('pi-1')).not.toHaveProperty('letterBody');
  });

  it('drops a value that cannot be read instead of failing the page', () => {
    const values = historicValues([variable({ name: 'broken', type: 'Json', value: '{not json' }), variable({ name: 'fine', value: 'ok' })]);
    expect(values.get('pi-1')).toEqual({ fine: 'ok' });
  });
});
