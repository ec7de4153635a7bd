/**
 * `npm run modeler:build`: builds the modeler's browser app into
 * var/modeler-web/ and the workbench's into var/workbench-web/ when they are
 * missing or stale (`-- --force`: always). The server does the same at
 * start; this is for checking a change to modeler-ui/web/ or workbench/web/
 * without starting it.
 */
import { createLogger } from '../../../workers/logger.ts';
import { buildWorkbenchBundle, ensureWorkbenchBundle } from '../../../workbench/build/bundle.ts';
import { buildWebBundle, ensureWebBundle } from './bundle.ts';

async function main(): Promise<number> {
  const logger = createLogger({ logLevel: 'info' }, { name: 'modeler-build' });
  try {
    const force = process.argv.includes('--force');
    await (force ? buildWebBundle({ logger }) : ensureWebBundle({ logger }));
    await (force ? buildWorkbenchBundle({ logger }) : ensureWorkbenchBundle({ logger }));
    return 0;
  } catch (error) {
    logger.error((error as Error).message);
    return 1;
  }
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
