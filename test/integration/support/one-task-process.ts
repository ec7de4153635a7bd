/**
 * A throw-away process for tests about the engine itself (storage, roles):
 * start → one user task offered to a candidate group → end. Deployed by those
 * tests under their own deployment name, never with the product's diagrams.
 */
export function oneTaskProcess(processId: string, taskName: string, candidateGroup: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${processId}" targetNamespace="urn:anquan:test">
  <bpmn:process id="${processId}" name="${taskName}" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start_Task" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="${taskName}" camunda:candidateGroups="${candidateGroup}" />
    <bpmn:sequenceFlow id="Flow_Task_End" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}
