import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Run {
  url: Promise<string>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): void;
}

/** Starts an example server on a free port, as `node --import tsx` runs it. */
function start(file: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'examples', 'servers', file)], {
    cwd: root,
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let announced!: (url: string) => void;
  const url = new Promise<string>((resolve) => (announced = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(stdout);
    if (match) announced(match[1]!);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { url, exited, stop: () => child.kill('SIGTERM') };
}

describe.each([
  ['node-http.ts', 'GET'],
  ['express.ts', 'GET /orders/:id'],
  ['fastify.ts', 'GET /orders/:id'],
])('examples/servers/%s', (file, spanName) => {
  it('serves a request in its span and scope, and on SIGTERM closes, exports and exits by itself', async () => {
    const run = start(file);
    const url = await Promise.race([run.url, run.exited.then((exit) => Promise.reject(new Error(`exited early: ${exit.stderr}`)))]);
    const response = await fetch(`${url}/orders/7`, { headers: { 'x-request-id': 'req-example' } });
    expect(await response.json()).toEqual({ order: { id: '7' }, requestId: 'req-example' });
    run.stop();
    const { code, stdout, stderr } = await run.exited;
    expect(code, stderr).toBe(0);
    // The console exporter printed both spans during shutdown.
    expect(stdout).toContain(`name: '${spanName}'`);
    expect(stdout).toContain("name: 'orders.load'");
  });

  it('is shown in docs/http-servers.md as it is here', () => {
    const page = readFileSync(join(root, 'docs', 'http-servers.md'), 'utf8');
    const source = readFileSync(join(root, 'examples', 'servers', file), 'utf8').replace("'../../src/index.js'", "'foundation-telemetry'");
    expect(page).toContain(source.trim());
  });
});
