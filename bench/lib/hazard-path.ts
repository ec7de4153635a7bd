/**
 * The process shape of sections 1 and 2: the service path of hazard-rectification.bpmn (问题隐患整改) as one
 * straight line, the same five external tasks with the same topics and the same kind of inputs its main path
 * gives them, without its user tasks, timers and gateways:
 *
 *   RecordHazard (anquan.ledger.record-finding) → PlanRectificationDeadline (anquan.deadline.plan, 3 months,
 *   the working-day calendar) → MarkRectifying (anquan.ledger.update-finding-status 整改中) →
 *   SendRectificationNotice (anquan.notify.send, 办理提醒 to 安委办 by the mailbox channel) →
 *   MarkPendingReview (update-finding-status 待复核)
 *
 * So each instance is one ledger finding, two status changes, one deadline computation and one notice: the
 * real workers' work (ledger, notifications to the local mailbox, deadline computation). Inputs read the
 * previous outputs with execution.getVariable, so trivial workers that complete with no variables run the very
 * same shape. One process id per run (`bench-hazard-path-<run>`), so the engine's history of one run is
 * queried by its definition key. Deployed as its own deployment, never with the product's diagrams.
 */
import { FindingCategory, JobType, NoticeType } from '../../workers/contract.ts';
import type { EngineRestClient } from '../../workers/engine/rest-client.ts';

export const HAZARD_PATH_TOPICS = [JobType.recordFinding, JobType.planDeadline, JobType.updateFindingStatus, JobType.sendNotification] as const;
/** External tasks per instance. */
export const HAZARD_PATH_TASKS = 5;

const input = (name: string, value: string) => `<camunda:inputParameter name="${name}">${value}</camunda:inputParameter>`;
const get = (name: string) => `\${execution.getVariable('${name}')}`;

interface Step {
  readonly id: string;
  readonly name: string;
  readonly topic: string;
  readonly inputs: string;
}

const STEPS: readonly Step[] = [
  { id: 'RecordHazard', name: '登记问题隐患', topic: JobType.recordFinding, inputs: input('finding', '${finding}') },
  {
    id: 'PlanRectificationDeadline',
    name: '计算整改期限',
    topic: JobType.planDeadline,
    inputs: input('from', '${diagnosisDate}') + input('months', '${3}') + input('reminderLeadWorkingDays', '${3}') + input('resultVariable', 'rectificationDeadline'),
  },
  {
    id: 'MarkRectifying',
    name: '台账：整改中',
    topic: JobType.updateFindingStatus,
    inputs: input('findingId', get('findingId')) + input('status', '整改中') + input('note', '限期整改'),
  },
  {
    id: 'SendRectificationNotice',
    name: '发送整改提醒',
    topic: JobType.sendNotification,
    inputs:
      input('noticeType', NoticeType.deadlineReminder) +
      '<camunda:inputParameter name="recipients"><camunda:list><camunda:value>anwei-ban</camunda:value></camunda:list></camunda:inputParameter>' +
      '<camunda:inputParameter name="context"><camunda:map><camunda:entry key="taskName">问题隐患整改</camunda:entry>' +
      '<camunda:entry key="dueDate">${diagnosisDate}</camunda:entry></camunda:map></camunda:inputParameter>',
  },
  {
    id: 'MarkPendingReview',
    name: '台账：待复核',
    topic: JobType.updateFindingStatus,
    inputs: input('findingId', get('findingId')) + input('status', '待复核'),
  },
];

export function hazardPathProcessId(run: string): string {
  return `bench-hazard-path-${run}`;
}

export function hazardPathXml(run: string): string {
  const id = hazardPathProcessId(run);
  const nodes = ['Start', ...STEPS.map((step) => step.id), 'End'];
  const flows = nodes.slice(1).map((target, index) => ({ id: `Flow_${index}`, source: nodes[index]!, target }));
  const x = (index: number) => 150 + index * 150;
  const shapes = nodes.map((node, index) =>
    node === 'Start' || node === 'End'
      ? `<bpmndi:BPMNShape id="${node}_di" bpmnElement="${node}"><dc:Bounds x="${x(index) + 32}" y="102" width="36" height="36" /></bpmndi:BPMNShape>`
      : `<bpmndi:BPMNShape id="${node}_di" bpmnElement="${node}"><dc:Bounds x="${x(index)}" y="80" width="100" height="80" /></bpmndi:BPMNShape>`,
  );
  const edges = flows.map(
    (flow, index) => `<bpmndi:BPMNEdge id="${flow.id}_di" bpmnElement="${flow.id}"><di:waypoint x="${x(index) + 100}" y="120" /><di:waypoint x="${x(index + 1)}" y="120" /></bpmndi:BPMNEdge>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${id}" targetNamespace="urn:anquan:bench">
  <bpmn:process id="${id}" name="基准：问题隐患整改的服务路径" isExecutable="true" camunda:historyTimeToLive="1">
    <bpmn:startEvent id="Start" />
    ${STEPS.map(
      (step) =>
        `<bpmn:serviceTask id="${step.id}" name="${step.name}" camunda:type="external" camunda:topic="${step.topic}"><bpmn:extensionElements><camunda:inputOutput>${step.inputs}</camunda:inputOutput></bpmn:extensionElements></bpmn:serviceTask>`,
    ).join('\n    ')}
    <bpmn:endEvent id="End" />
    ${flows.map((flow) => `<bpmn:sequenceFlow id="${flow.id}" sourceRef="${flow.source}" targetRef="${flow.target}" />`).join('\n    ')}
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_${id}"><bpmndi:BPMNPlane id="Plane_${id}" bpmnElement="${id}">
    ${[...shapes, ...edges].join('\n    ')}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

export async function deployHazardPaths(admin: EngineRestClient, runs: readonly string[]): Promise<void> {
  await admin.createDeployment({
    name: 'bench',
    source: 'bench',
    deployChangedOnly: true,
    files: runs.map((run) => ({ name: `${hazardPathProcessId(run)}.bpmn`, content: hazardPathXml(run) })),
  });
}

/** The start variables of instance `index`: one finding of an enterprise, found on a fixed day. */
export function hazardPathVariables(index: number): Record<string, unknown> {
  return {
    finding: {
      category: FindingCategory.general,
      source: '部门检查',
      description: `基准问题隐患 ${index}：消防通道堵塞`,
      responsibleUnit: `基准企业${index % 10_000}`,
      unitCreditCode: `91360000BENCH${String(index % 10_000).padStart(5, '0')}`,
      foundAt: '2026-03-02T09:00:00+08:00',
    },
    diagnosisDate: '2026-03-02',
  };
}
