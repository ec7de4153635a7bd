/**
 * `npm run layout -- <file.bpmn>… [--check]`: recomputes the diagram
 * interchange of each file from its semantic model (deploy/layout/layout.ts)
 * and writes it back. With --check nothing is written: the command fails
 * when a file's layout is not the generated one.
 *
 * stdout: one line per file and per remaining layout problem. Exit codes:
 * 0 ok, 1 a layout problem, a changed semantic model, or (--check) a file
 * not laid out, 2 invalid arguments or unreadable files.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { layoutBpmn } from './layout.ts';
import { verifyLayout } from './verify.ts';

const USAGE = '用法 / usage: npm run layout -- <file.bpmn>… [--check]\n';

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const unknown = argv.filter((argument) => argument.startsWith('--') && argument !== '--check');
  const files = argv.filter((argument) => !argument.startsWith('--'));
  if (unknown.length > 0 || files.length === 0) {
    process.stderr.write(`${unknown.length ? `未知参数 / unknown arguments: ${unknown.join(' ')}\n` : ''}${USAGE}`);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    let before: string;
    try {
      before = await readFile(file, 'utf8');
    } catch (error) {
      process.stderr.write(`无法读取 ${file} / cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const { xml, unrouted } = await layoutBpmn(before);
    const { semanticChanged, problems } = await verifyLayout(before, xml);
    if (semanticChanged) {
      process.stdout.write(`${file}: 语义模型被改动，未写入 / the semantic model would change; not written\n`);
      failed = true;
      continue;
    }
    for (const id of unrouted) process.stdout.write(`${file}: ${id} 无可用走线，按直线绘制 / no free path for ${id}; drawn straight\n`);
    for (const problem of problems) process.stdout.write(`${file}: ${problem.rule} ${problem.message}\n`);
    if (problems.length > 0) failed = true;
    if (check) {
      if (xml !== before) {
        process.stdout.write(`${file}: 布局不是生成的布局，请运行 npm run layout -- ${file} / not laid out; run npm run layout -- ${file}\n`);
        failed = true;
      } else process.stdout.write(`${file}: 布局已是最新 / layout up to date\n`);
      continue;
    }
    if (xml !== before) await writeFile(file, xml, 'utf8');
    process.stdout.write(`${file}: ${xml === before ? '无需改动 / unchanged' : '已重新布局 / laid out'}\n`);
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (exitCode) => process.exit(exitCode),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
