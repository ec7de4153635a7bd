/**
 * Section 6, Tasklist at load: `openTasks` open user tasks of one candidate group (巡查组), with due and
 * reminder dates spread so that 即将到期 holds a share of them; then the workbench's own list queries
 * (workbench/server/tasks/queries.ts: 本组待办 = offered to me and unclaimed, 即将到期 = mine or offered, reminder
 * passed, not yet due) sent to GET /task as that role's demo login, so the engine's authorization checks are part
 * of the time. A list is the union of its queries, sent one after another as the workbench does; median of
 * repeated runs after a warm-up.
 */
import type { Logger } from '../../workers/logger.ts';
import { CandidateGroup } from '../../workers/contract.ts';
import { EngineRestClient } from '../../workers/engine/rest-client.ts';
import { DEMO_PASSWORD, demoLoginOf } from '../../deploy/local/demo-users.ts';
import { listQueries } from '../../workbench/server/tasks/queries.ts';
import type { TaskListName } from '../../workbench/api-types.ts';
import { BenchEngine, type EngineDatabase } from '../lib/engine.ts';
import { OPEN_TASK_PROCESS_ID, deployOpenTaskProcess, openTaskDates } from '../lib/open-tasks.ts';
import { median } from '../lib/stats.ts';

export const TASKLIST_LISTS: readonly TaskListName[] = ['group', 'due-soon'];
export const TASKLIST_ROLE = CandidateGroup.patrolTeam;

export interface TasklistMeasurement {
  readonly database: EngineDatabase;
  readonly openTasks: number;
  /** Seconds to start the instances (8 concurrent REST clients). */
  readonly fillSeconds: number;
  /** Per list: median ms, the runs, and how many tasks the list returned (capped at the workbench's page). */
  readonly lists: Record<string, { readonly ms: number; readonly runsMs: readonly number[]; readonly returned: number }>;
}

export async function measureTasklist(options: {
  readonly database: EngineDatabase;
  readonly port: number;
  readonly openTasks: number;
  readonly repeats: number;
  readonly logger: Logger;
  readonly progress: (text: string) => void;
}): Promise<TasklistMeasurement> {
  const { database, openTasks, progress } = options;
  const engine = new BenchEngine({ port: options.port, database, logger: options.logger });
  progress(`tasklist (${database}): starting the engine`);
  await engine.start();
  try {
    await deployOpenTaskProcess(engine.admin, TASKLIST_ROLE);
    const now = new Date();
    const filling = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < openTasks) {
          const index = next;
          next += 1;
          await engine.admin.startProcessInstance(OPEN_TASK_PROCESS_ID, openTaskDates(index, now));
        }
      }),
    );
    const fillSeconds = (performance.now() - filling) / 1000;
    const { count } = await engine.admin.request<{ count: number }>('GET', '/task/count', undefined, { query: { processDefinitionKey: OPEN_TASK_PROCESS_ID } });
    if (count !== openTasks) throw new Error(`${count} open tasks instead of ${openTasks}`);
    progress(`tasklist (${database}): ${openTasks} open tasks in ${fillSeconds.toFixed(1)} s`);

    const login = demoLoginOf(TASKLIST_ROLE);
    const user = new EngineRestClient({ baseUrl: engine.restUrl, username: login, password: DEMO_PASSWORD });
    const lists: TasklistMeasurement['lists'] = {};
    for (const list of TASKLIST_LISTS) {
      const run = async () => {
        const started = performance.now();
        const ids = new Set<string>();
        for (const query of listQueries(list, login, new Date())) {
          const tasks = await user.request<Array<{ id: string }>>('GET', '/task', undefined, { query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])) });
          for (const task of tasks) ids.add(task.id);
        }
        return { ms: performance.now() - started, returned: ids.size };
      };
      const warm = await run();
      const runsMs: number[] = [];
      for (let repeat = 0; repeat < options.repeats; repeat += 1) runsMs.push((await run()).ms);
      lists[list] = { ms: median(runsMs), runsMs, returned: warm.returned };
      progress(`tasklist (${database}): ${list}: ${lists[list].ms.toFixed(1)} ms, ${warm.returned} tasks`);
    }
    return { database, openTasks, fillSeconds, lists };
  } finally {
    await engine.stop();
  }
}
