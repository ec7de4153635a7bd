/**
 * A throw-away process for tests about the engine itself (storage, roles):
 * start → one user task offered to a candidate group → end. Deployed by those
 * tests under their own deployment name, never with the product's diagrams.
 */
export function oneTaskProcess(
  processId: string,
  taskName: string,
  candidateGroup: string,
  /** The task's camunda:property entries (e.g. the documents it expects as attachments). */
  taskProperties: Readonly<Record<string, string>> = {},
): string {
  const properties = Object.entries(taskProperties)
    .map(([name, value]) => `<camunda:property name="${name}" value="${value}" />`)
    .join('');
  const extensions = properties ? `<bpmn:extensionElements><camunda:properties>${properties}</camunda:properties></bpmn:extensionElements>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${processId}" name="${taskName}" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Task" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="${taskName}" camunda:candidateGroups="${candidateGroup}">${extensions}</bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

/**
 * The external-task variant: start → one external task of `topic` (served by
 * a test worker through the product runtime) → one user task offered to a
 * candidate group → end. A failing worker gives a real `failedExternalTask`
 * incident; the user task is where the instance goes on once it is retried.
 * It carries a diagram, so Cockpit draws it with its incident badge.
 */
export function oneExternalTaskProcess(
  processId: string,
  processName: string,
  work: { readonly name: string; readonly topic: string },
  next: { readonly name: string; readonly candidateGroup: string },
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${processId}" name="${processName}" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Work" sourceRef="Start" targetRef="Work" />
    <bpmn:serviceTask id="Work" name="${work.name}" camunda:type="external" camunda:topic="${work.topic}" />
    <bpmn:sequenceFlow id="Flow_Work_Task" sourceRef="Work" targetRef="Task" />
    <bpmn:userTask id="Task" name="${next.name}" camunda:candidateGroups="${next.candidateGroup}" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${processId}">
    <bpmndi:BPMNPlane id="Plane_${processId}" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Work_di" bpmnElement="Work"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_di" bpmnElement="Task"><dc:Bounds x="400" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="562" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_Start_Work_di" bpmnElement="Flow_Start_Work"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Work_Task_di" bpmnElement="Flow_Work_Task"><di:waypoint x="340" y="120" /><di:waypoint x="400" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_Task_End_di" bpmnElement="Flow_Task_End"><di:waypoint x="500" y="120" /><di:waypoint x="562" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
