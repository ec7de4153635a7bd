import { describe, expect, it } from 'vitest';
import { OutputParameterIndex, ProcessXmlError, activitiesWithOutputParameters } from '../../../../workers/engine/output-parameters.ts';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    xmlns:op="http://operaton.org/schema/1.0/bpmn" id="d">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:serviceTask id="WithOutputs" camunda:type="external" camunda:topic="anquan.deadline.plan">
      <bpmn:extensionElements>
        <camunda:inputOutput>
          <camunda:inputParameter name="days">\${3}</camunda:inputParameter>
          <camunda:outputParameter name="deadline">\${deadline}</camunda:outputParameter>
        </camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="InputsOnly" camunda:type="external" camunda:topic="anquan.notify.send">
      <bpmn:extensionElements>
        <camunda:inputOutput><camunda:inputParameter name="x">1</camunda:inputParameter></camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="NoExtensions" camunda:type="external" camunda:topic="anquan.x" />
    <bpmn:sendTask id="OperatonNamespace" op:type="external" op:topic="anquan.y">
      <bpmn:extensionElements><op:inputOutput><op:outputParameter name="empty" /></op:inputOutput></bpmn:extensionElements>
    </bpmn:sendTask>
    <bpmn:subProcess id="Sub">
      <bpmn:serviceTask id="Nested" camunda:type="external" camunda:topic="anquan.z">
        <bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="n">1</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
    <bpmn:serviceTask id="ConnectorOutputs">
      <bpmn:extensionElements>
        <camunda:connector><camunda:inputOutput><camunda:outputParameter name="c">1</camunda:outputParameter></camunda:inputOutput></camunda:connector>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>
</bpmn:definitions>`;

describe('activitiesWithOutputParameters', () => {
  it('finds the activities whose own input/output declares outputs, in either extension namespace', () => {
    expect([...activitiesWithOutputParameters(XML)].sort()).toEqual(['Nested', 'OperatonNamespace', 'WithOutputs']);
  });

  it('refuses XML it cannot read', () => {
    expect(() => activitiesWithOutputParameters('<bpmn:definitions><unclosed>')).toThrow(ProcessXmlError);
  });
});

describe('OutputParameterIndex', () => {
  it('reads each definition once, and again after a failed read', async () => {
    const reads: string[] = [];
    let failNext = true;
    const index = new OutputParameterIndex({
      processDefinitionXml: async (id: string) => {
        reads.push(id);
        if (failNext) {
          failNext = false;
          throw new Error('engine unavailable');
        }
        return XML;
      },
    });
    await expect(index.hasOutputParameters('p:1:a', 'WithOutputs')).rejects.toThrow('engine unavailable');
    await expect(index.hasOutputParameters('p:1:a', 'WithOutputs')).resolves.toBe(true);
    await expect(index.hasOutputParameters('p:1:a', 'InputsOnly')).resolves.toBe(false);
    await expect(index.hasOutputParameters('p:1:a', 'NoExtensions')).resolves.toBe(false);
    expect(reads).toEqual(['p:1:a', 'p:1:a']);
  });
});
