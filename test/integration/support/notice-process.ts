/**
 * A small process for the workers' reliability tests: start → 发送办理提醒
 * (the product's anquan.notify.send, a real side effect) → end. Each instance
 * sends one 办理提醒 (deadline-reminder) to one recipient of the product's
 * directory, so every instance is one notice key, one ledger row and one
 * message, and counting them says whether the effect happened once.
 * Deployed under its own deployment name, never with the product's diagrams.
 */
import { JobType, NoticeType } from '../../../workers/contract.ts';
import type { EngineRestClient } from '../../../workers/engine/rest-client.ts';

export const NOTICE_PROCESS_ID = 'reliability-workers-notice';
/** The service task's id; its activity instance id starts the notice's idempotency key. */
export const NOTICE_ACTIVITY_ID = 'SendReminder';
/** A recipient of processes/directory.json with one e-mail address and no webhook. */
export const NOTICE_RECIPIENT = 'anwei-ban';

export function noticeProcessXml(): string {
  const id = NOTICE_PROCESS_ID;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${id}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${id}" name="可靠性测试：发送办理提醒" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Send" sourceRef="Start" targetRef="${NOTICE_ACTIVITY_ID}" />
    <bpmn:serviceTask id="${NOTICE_ACTIVITY_ID}" name="发送办理提醒" camunda:type="external" camunda:topic="${JobType.sendNotification}" />
    <bpmn:sequenceFlow id="Flow_Send_End" sourceRef="${NOTICE_ACTIVITY_ID}" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${id}">
    <bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="${NOTICE_ACTIVITY_ID}_di" bpmnElement="${NOTICE_ACTIVITY_ID}"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="402" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_Start_Send_di" bpmnElement="Flow_Start_Send"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Send_End_di" bpmnElement="Flow_Send_End"><di:waypoint x="340" y="120" /><di:waypoint x="402" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

/** Deploys the process (admin login) into its own deployment stream; a second call deploys nothing new. */
export async function deployNoticeProcess(admin: EngineRestClient): Promise<void> {
  await admin.createDeployment({
    name: 'reliability-workers',
    source: 'reliability-workers',
    deployChangedOnly: true,
    files: [{ name: `${NOTICE_PROCESS_ID}.bpmn`, content: noticeProcessXml() }],
  });
}

/** The variables of one instance: a 办理提醒 about `taskName` to {@link NOTICE_RECIPIENT}. */
export function noticeVariables(taskName: string): Record<string, unknown> {
  return {
    noticeType: NoticeType.deadlineReminder,
    recipients: [NOTICE_RECIPIENT],
    context: { taskName, dueDate: '2030年3月15日' },
  };
}

/** The idempotency key the worker gives the notice of one activity instance (send-notification.worker.ts). */
export function noticeKey(activityInstanceId: string): string {
  return `${activityInstanceId}:${NoticeType.deadlineReminder}:${NOTICE_RECIPIENT}`;
}
