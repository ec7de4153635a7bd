/**
 * The content of a new diagram in the Camunda 7 dialect Operaton executes:
 * the target platform of workers/contract.ts, an executable process with the
 * contract's history time-to-live, and a start and an end event joined by a
 * flow, so the first check shows only what the new procedure still lacks.
 * Pure, so the unit tests check it with the deploy checks.
 */
import { EXECUTION_PLATFORM, EXECUTION_PLATFORM_VERSION, HISTORY_TIME_TO_LIVE_DAYS } from '../../../workers/contract.ts';

/** A BPMN id (an XML name without colon) that also reads well as a file name. */
export const PROCESS_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function newDiagramXml(processId: string, processName: string): string {
  if (!PROCESS_ID_PATTERN.test(processId)) {
    throw new Error(`流程编号须为小写字母、数字和连字符，如 safety-patrol / the process id must be lower-case letters, digits and hyphens, e.g. safety-patrol: "${processId}"`);
  }
  const name = escapeAttribute(processName.trim() || processId);
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId}" targetNamespace="urn:anquan-xuncha:processes" exporter="anquan-xuncha" exporterVersion="0.1.0" modeler:executionPlatform="${EXECUTION_PLATFORM}" modeler:executionPlatformVersion="${EXECUTION_PLATFORM_VERSION}">
  <bpmn:process id="${processId}" name="${name}" isExecutable="true" camunda:historyTimeToLive="${HISTORY_TIME_TO_LIVE_DAYS}">
    <bpmn:startEvent id="Start" name="开始">
      <bpmn:outgoing>Flow_Start_End</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:endEvent id="End" name="结束">
      <bpmn:incoming>Flow_Start_End</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_Start_End" sourceRef="Start" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_${processId}">
    <bpmndi:BPMNPlane id="BPMNPlane_${processId}" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start">
        <dc:Bounds x="152" y="82" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End">
        <dc:Bounds x="352" y="82" width="36" height="36" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_Start_End_di" bpmnElement="Flow_Start_End">
        <di:waypoint x="188" y="100" />
        <di:waypoint x="352" y="100" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
