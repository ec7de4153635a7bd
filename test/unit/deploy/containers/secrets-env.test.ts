/**
 * deploy/containers/secrets-env.sh, the images' entry point: secret files named like environment
 * variables become those variables, other files are left alone, explicit settings win, and the
 * command runs in its place. Run with /bin/sh, as in the images.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './support.ts';

const SCRIPT = path.join(ROOT, 'deploy/containers/secrets-env.sh');

describe('secrets-env.sh', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secrets-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The environment the command sees, as a map, with only the variables the test cares about. */
  function run(files: Record<string, string>, env: Record<string, string> = {}): Map<string, string> {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const output = execFileSync('/bin/sh', [SCRIPT, 'node', '-e', 'process.stdout.write(JSON.stringify(process.env))'], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SECRETS_ENV_DIR: dir, ...env },
      encoding: 'utf8',
    });
    return new Map(Object.entries(JSON.parse(output) as Record<string, string>));
  }

  it('turns a file named like a variable into that variable, without its trailing newline', () => {
    const env = run({ ENGINE_PASSWORD: 's3cr3t with spaces & $dollar\n', SPRING_DATASOURCE_PASSWORD: 'pw\n\n' });
    expect(env.get('ENGINE_PASSWORD')).toBe('s3cr3t with spaces & $dollar');
    expect(env.get('SPRING_DATASOURCE_PASSWORD')).toBe('pw');
  });

  it('leaves files alone whose names are not variable names', () => {
    const env = run({ postgres_password: 'x', 'modeler-users.json': '{}', '1ABC': 'y', 'A.B': 'z' });
    for (const name of ['postgres_password', 'modeler-users.json', '1ABC', 'A.B']) expect(env.has(name)).toBe(false);
  });

  it('keeps a variable that is already set, and fills one that is set but empty', () => {
    const env = run({ LOG_LEVEL: 'trace', ENGINE_USER: 'from-file' }, { LOG_LEVEL: 'debug', ENGINE_USER: '' });
    expect(env.get('LOG_LEVEL')).toBe('debug');
    expect(env.get('ENGINE_USER')).toBe('from-file');
  });

  it('runs the command when the folder does not exist', () => {
    const output = execFileSync('/bin/sh', [SCRIPT, 'echo', 'ran'], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SECRETS_ENV_DIR: path.join(dir, 'missing') },
      encoding: 'utf8',
    });
    expect(output).toBe('ran\n');
  });

  it('replaces itself by the command, passing its exit code, and refuses to run nothing', () => {
    const failed = spawnSync('/bin/sh', [SCRIPT, 'sh', '-c', 'exit 7'], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', SECRETS_ENV_DIR: dir } });
    expect(failed.status).toBe(7);
    const none = spawnSync('/bin/sh', [SCRIPT], { env: { SECRETS_ENV_DIR: dir }, encoding: 'utf8' });
    expect(none.status).toBe(64);
    expect(none.stderr).toContain('no command');
  });
});
