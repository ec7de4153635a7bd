/**
 * deploy/containers/http-probe.sh, the images' HEALTHCHECK: exit 0 only for a 2xx answer on the
 * loopback port, 1 for any other status, a closed port or a server that does not answer in time.
 * Run with bash against an HTTP server of the test on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support.ts';

const SCRIPT = path.join(ROOT, 'deploy/containers/http-probe.sh');

/** Runs the probe as a child process, asynchronously: the server answering it lives in this process. */
function probe(...args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/bash', [SCRIPT, ...args], {
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HTTP_PROBE_TIMEOUT_SECONDS: '2' },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 10_000,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stderr }));
  });
}

describe('http-probe.sh', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      if (request.url === '/actuator/health/readiness') response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"UP"}');
      else if (request.url === '/no-content') response.writeHead(204).end();
      else if (request.url === '/down') response.writeHead(503).end('{"status":"OUT_OF_SERVICE"}');
      else if (request.url === '/slow') setTimeout(() => response.writeHead(200).end(), 4_000).unref();
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('succeeds on 2xx and sends a plain GET of the path', async () => {
    expect((await probe(String(port), '/actuator/health/readiness')).status).toBe(0);
    expect((await probe(String(port), '/no-content')).status).toBe(0);
    expect(seen).toContain('GET /actuator/health/readiness');
  });

  it('fails on any other status', async () => {
    expect((await probe(String(port), '/down')).status).toBe(1);
    expect((await probe(String(port), '/missing')).status).toBe(1);
  });

  it('fails when nothing listens or the answer does not come in time', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await probe(String(closedPort), '/');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('');
    expect((await probe(String(port), '/slow')).status).toBe(1);
  });

  it('refuses bad arguments with exit code 2', async () => {
    expect((await probe()).status).toBe(2);
    expect((await probe('80a', '/')).status).toBe(2);
    expect((await probe(String(port), 'health')).status).toBe(2);
  });
});
