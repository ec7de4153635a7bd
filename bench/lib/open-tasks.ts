/**
 * The process of section 6: one user task for a candidate group, with a due date and a follow-up (reminder)
 * date, as the product's diagrams set them from anquan.deadline.plan (dueDate ${…Deadline.due}, followUpDate
 * ${…Deadline.remindAt}). Instances differ in their dates, so 即将到期 (reminder passed, not yet due) holds a
 * share of the open tasks, not all or none. Deployed as its own deployment, never with the product's diagrams.
 */
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';

export const OPEN_TASK_PROCESS_ID = 'bench-open-task';

export function openTaskXml(candidateGroup: string): string {
  const id = OPEN_TASK_PROCESS_ID;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${id}" targetNamespace="urn:anquan:bench">
  <bpmn:process id="${id}" name="基准：待办" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Task" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="问题隐患整改" camunda:candidateGroups="${candidateGroup}" camunda:dueDate="\${due}" camunda:followUpDate="\${remindAt}" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${id}">
    <bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_di" bpmnElement="Task"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="402" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_Start_Task_di" bpmnElement="Flow_Start_Task"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Task_End_di" bpmnElement="Flow_Task_End"><di:waypoint x="340" y="120" /><di:waypoint x="402" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

export async function deployOpenTaskProcess(admin: EngineRestClient, candidateGroup: string): Promise<void> {
  await admin.createDeployment({ name: 'bench-tasklist', source: 'bench', deployChangedOnly: true, files: [{ name: `${OPEN_TASK_PROCESS_ID}.bpmn`, content: openTaskXml(candidateGroup) }] });
}

const DAY = 86_400_000;
export const REMINDER_LEAD_DAYS = 5;

/**
 * Instance `index`'s dates relative to `now`: a tenth 1 to 3 days overdue, the others due 1 to 30 days ahead;
 * the reminder 5 days before the due date, so about a tenth of the open tasks are 即将到期.
 */
export function openTaskDates(index: number, now: Date): { due: Date; remindAt: Date } {
  const daysAhead = index % 10 === 0 ? -(1 + (index % 3)) : 1 + (index % 30);
  const due = new Date(now.getTime() + daysAhead * DAY);
  return { due, remindAt: new Date(due.getTime() - REMINDER_LEAD_DAYS * DAY) };
}
