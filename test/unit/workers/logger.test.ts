import { describe, expect, it } from 'vitest';
import { jobLogger } from '../../../workers/logger.ts';
import { capturingLogger } from '../../support/capturing-logger.ts';


describe('jobLogger', () => {
  it('names the task on every line in Cockpit\'s terms', () => {
    const { logger, lines } = capturingLogger();
    jobLogger(logger, {
      type: 'anquan.deadline.add-working-days',
      key: 'c0ffee-task',
      processInstanceKey: 'pi-22',
      elementId: 'Task',
      bpmnProcessId: 'safety-patrol',
      elementInstanceKey: 'Task:ai-1',
    }).info('done');
    expect(lines[0]).toMatchObject({
      topic: 'anquan.deadline.add-working-days',
      taskId: 'c0ffee-task',
      processInstanceId: 'pi-22',
      activityId: 'Task',
      processDefinitionKey: 'safety-patrol',
      activityInstanceId: 'Task:ai-1',
      msg: 'done',
    });
  });

  it('leaves out what the job does not say', () => {
    const { logger, lines } = capturingLogger();
    jobLogger(logger, { type: 't', key: 'k', processInstanceKey: 'p', elementId: 'e' }).info('done');
    expect(lines[0]).not.toHaveProperty('processDefinitionKey');
    expect(lines[0]).not.toHaveProperty('activityInstanceId');
  });
});
