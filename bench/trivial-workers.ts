/**
 * The bench's trivial workers (section 1's engine limit): one process that long-polls the given topics the way
 * our runtime does (one fetchAndLock over all topics, ENGINE_MAX_TASKS, ENGINE_LONG_POLL_MS) and completes every
 * task at once with no variables: no input parsing, no ledger, no notice. Configured by the same environment as
 * workers/main.ts plus BENCH_TOPICS (comma-separated); prints `ready` once its first fetch is out, and stops on
 * SIGTERM after the fetch in flight.
 */
import { loadConfig } from '../workers/config.ts';
import { EngineRestClient } from '../workers/engine/rest-client.ts';

const config = loadConfig();
const topics = (process.env['BENCH_TOPICS'] ?? '').split(',').filter(Boolean);
if (topics.length === 0) throw new Error('BENCH_TOPICS 未设置 / BENCH_TOPICS names no topic');
const client = new EngineRestClient({ baseUrl: config.engine.restUrl, username: config.engine.username, password: config.engine.password });
const workerId = config.engine.workerId || `bench-trivial-${process.pid}`;
let stopping = false;
process.once('SIGTERM', () => {
  stopping = true;
});

let announced = false;
while (!stopping) {
  const fetching = client.fetchAndLock({
    workerId,
    maxTasks: config.engine.maxTasks,
    asyncResponseTimeout: Math.min(config.engine.asyncResponseTimeoutMs, 2_000),
    topics: topics.map((topicName) => ({ topicName, lockDuration: 60_000, variables: [] })),
  });
  if (!announced) {
    announced = true;
    process.stdout.write('ready\n');
  }
  const tasks = await fetching;
  await Promise.all(tasks.map((task) => client.complete(task.id, workerId)));
}
