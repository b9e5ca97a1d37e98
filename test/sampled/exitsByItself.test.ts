import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// The child uses the real clock: its flusher timer must be unref'd.
const childScript = `
import { createEventSystem } from './src/sampled/eventSystem.ts';
import { realClock } from './src/config/clock.ts';
const events = createEventSystem({
  config: { dedupWindowMs: 5000, batchIntervalMs: 50, maxBatchSize: 100, maxDedupKeys: 10000, maxBatchKeys: 10000, sampling: {} },
  clock: realClock,
  random: Math.random,
  observe: undefined,
});
let batches = 0;
events.attach('count', 'batched.job.done', () => { batches++; });
for (let i = 0; i < 250; i++) events.emitBatched('job.done', 1, { batchKey: i % 3 });
events.emitEvent('job.failed', {}, { dedupKey: 'x' });
events.emitEvent('job.failed', {}, { dedupKey: 'x' });
// A ref'd wait for the condition keeps the child alive until the flusher has run; after
// it, only the flusher's timer is left, and it must not hold the process open.
const waiting = setInterval(() => {
  if (batches < 3) return;
  clearInterval(waiting);
  console.log('flushed-batches=' + batches);
}, 10);
`;

describe('process lifetime', () => {
  it('exits by itself without shutdown: the flusher never keeps the process alive', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.on('exit', (exitCode) => {
        clearTimeout(killer);
        resolve(exitCode);
      });
    });
    const elapsed = Date.now() - started;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(elapsed).toBeLessThan(5000);
    // the timer did run while the process was alive: the three open batches were flushed
    expect(stdout.trim()).toBe('flushed-batches=3');
  });
});
