import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

const WARM_UP = 200_000;
const TOTAL = 1_000_000;
const MAX_GROWTH_MB = 4;

// The child streams distinct names or keys through one instance and prints the heap growth
// between the end of the warm-up and the end of the stream, each measured after a full GC.
const childScript = `
import { createEventSystem } from './src/sampled/eventSystem.ts';
const [scenario, warmUp, total] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const events = createEventSystem({
  config: { dedupWindowMs: 5000, batchIntervalMs: 1000, maxBatchSize: 100, maxDedupKeys: 10000, maxBatchKeys: 1000, sampling: {} },
  clock: { now: () => 0, setInterval: () => 0, clearInterval: () => {} },
  random: Math.random,
  observe: undefined,
});
let handled = 0;
const count = () => { handled++; };
events.attach('batches', 'batched.stream', count);
const steps = {
  names: (i) => {
    events.attach('h' + i, 'job.' + i, count);
    events.execute('job.' + i);
    events.detach('h' + i);
  },
  arrayNames: (i) => {
    events.attach('h' + i, ['job', String(i)], count);
    events.execute(['job', String(i)]);
    events.detach('h' + i);
  },
  dedupKeys: (i) => { events.emitEvent('stream', { n: 1 }, { dedupKey: 'key-' + i }); },
  batchKeys: (i) => { events.emitBatched('stream', 1, { batchKey: 'key-' + i }); },
};
const step = steps[scenario];
const heapMb = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed / 1048576; };
for (let i = 0; i < warmUp; i++) step(i);
const before = heapMb();
for (let i = warmUp; i < total; i++) step(i);
const after = heapMb();
console.log(JSON.stringify({ growthMb: Math.round((after - before) * 100) / 100, handled, health: events.health() }));
`;

async function streamThroughChild(scenario: string): Promise<{ growthMb: number; handled: number; health: Record<string, Record<string, number>> }> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', childScript, scenario, String(WARM_UP), String(TOTAL)],
    { cwd: repoRoot, timeout: 60_000 },
  );
  return JSON.parse(stdout) as { growthMb: number; handled: number; health: Record<string, Record<string, number>> };
}

describe('memory under a stream of distinct names and keys', () => {
  it.each([
    ['dotted names', 'names'],
    ['array names', 'arrayNames'],
  ])(
    'stays flat when a handler is attached, used and detached for each of 1,000,000 %s',
    async (_label, scenario) => {
      const { growthMb, handled, health } = await streamThroughChild(scenario);
      expect(growthMb, `heap grew ${growthMb} MB from ${WARM_UP} to ${TOTAL} names`).toBeLessThan(MAX_GROWTH_MB);
      expect(handled).toBe(TOTAL);
      expect(health.handlers).toEqual({ attached: 1, failures: 0, detached: 0 });
    },
    60_000,
  );

  it('stays flat under 1,000,000 distinct dedup keys', async () => {
    const { growthMb, health } = await streamThroughChild('dedupKeys');
    expect(growthMb, `heap grew ${growthMb} MB from ${WARM_UP} to ${TOTAL} dedup keys`).toBeLessThan(MAX_GROWTH_MB);
    expect(health.events).toMatchObject({ executed: TOTAL, dedupKeys: 10_000, dedupEvictions: TOTAL - 10_000 });
  }, 60_000);

  it('stays flat under 1,000,000 distinct batch keys, every occurrence delivered', async () => {
    const { growthMb, handled, health } = await streamThroughChild('batchKeys');
    expect(growthMb, `heap grew ${growthMb} MB from ${WARM_UP} to ${TOTAL} batch keys`).toBeLessThan(MAX_GROWTH_MB);
    // Each key beyond the cap of 1,000 pushes out the oldest batch, of one occurrence.
    expect(handled).toBe(TOTAL - 1_000);
    expect(health.events).toMatchObject({ batches: 1_000, batchedEvents: 1_000 });
  }, 60_000);
});
