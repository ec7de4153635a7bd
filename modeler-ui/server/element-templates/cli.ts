/**
 * `npm run templates`: writes processes/element-templates/anquan-workers.json
 * from workers/registry.ts. `-- --check` only compares and exits 1 when the
 * committed file is out of date (what the unit test also checks).
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { allWorkers } from '../../../workers/registry.ts';
import { createLogger } from '../../../workers/logger.ts';
import { ELEMENT_TEMPLATES_FILE, elementTemplatesFileContent } from './templates.ts';

async function main(): Promise<number> {
  const logger = createLogger({ logLevel: 'info' }, { name: 'templates' });
  const content = elementTemplatesFileContent(allWorkers);
  const current = await readFile(ELEMENT_TEMPLATES_FILE, 'utf8').catch(() => undefined);
  const file = path.relative(process.cwd(), ELEMENT_TEMPLATES_FILE);
  if (process.argv.includes('--check')) {
    if (current === content) {
      logger.info({ file }, '元素模板是最新的 / element templates are up to date');
      return 0;
    }
    logger.error({ file }, '元素模板已过期，请运行 npm run templates / element templates are out of date; run npm run templates');
    return 1;
  }
  if (current === content) {
    logger.info({ file, templates: allWorkers.length }, '元素模板无变化 / element templates unchanged');
    return 0;
  }
  await mkdir(path.dirname(ELEMENT_TEMPLATES_FILE), { recursive: true });
  await writeFile(ELEMENT_TEMPLATES_FILE, content);
  logger.info({ file, templates: allWorkers.length }, '已写入元素模板 / element templates written');
  return 0;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
