import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { make } from '../support/testInstances.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const forgottenShutdown = fileURLToPath(new URL('./fixtures/forgottenShutdown.ts', import.meta.url));

function runScript(env: Record<string, string>): { status: number | null; stdout: string[]; stderr: string; elapsedMs: number } {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', forgottenShutdown], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, ...env },
  });
  return { status: run.status, stdout: run.stdout.split('\n').filter(Boolean), stderr: run.stderr, elapsedMs: Date.now() - started };
}

describe('shutdown during its own drain', () => {
  it('gives a handler that calls shutdown() the same promise, and reports shutdown from the first call', async () => {
    const t = make();
    const seen: Array<{ promise: Promise<void>; status: string }> = [];
    t.attach('stopper', 'batched.job.done', () => {
      seen.push({ promise: t.shutdown(), status: t.health().status });
    });
    t.emitBatched('job.done');
    const first = t.shutdown();
    expect(t.health().status).toBe('shutdown');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.promise).toBe(first);
    expect(seen[0]?.status).toBe('shutdown');
    expect(t.shutdown()).toBe(first);
    await first;
  });
});

describe('flushOnExit: a forgotten shutdown()', () => {
  it('still delivers spans, batches and summaries when the event loop empties, once', () => {
    const run = runScript({});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toEqual([
      'script done',
      'suppressed.job.failed {"count":3}',
      'batched.job.done {"count":3}',
      'exported work',
      'exporter shut down',
    ]);
  });

  it('delivers nothing after the script with flushOnExit: false', () => {
    const run = runScript({ FLUSH_ON_EXIT: 'false' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toEqual(['script done']);
  });

  it('never keeps the process alive: an idle instance lets it exit at once', () => {
    const run = runScript({ IDLE: 'true' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toEqual(['exporter shut down']);
    // The flusher (60 s) and the processor (60 s) would hold a process open that long.
    expect(run.elapsedMs, `the idle script took ${run.elapsedMs} ms`).toBeLessThan(15_000);
  });
});
