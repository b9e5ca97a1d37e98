import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { context, createContextKey } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type SpanHandle, type SpanStackEntry, type Telemetry } from '../../src/index.js';

// A job runner's poll loop: each tick runs inside `withContext` or `withSpan` and re-arms
// the next tick from inside it, so every tick's async context descends from the previous one.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const FOREIGN_KEY = createContextKey('long-running-flows-test.set-below-the-loop');
/** How many innermost spans `spanStack()` and `spanPath` name. */
const SPAN_STACK_BOUND = 128;
/** The breadcrumbs a deep flow keeps: its innermost scopes' and the latest `maxBreadcrumbs` (50) of older ones. */
const BREADCRUMB_BOUND = 128 + 50;

/** Counts exported spans and keeps none, so a long loop measures the library, not the exporter. */
class CountingExporter implements SpanExporter {
  exported = 0;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exported += spans.length;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const created: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function countingTelemetry(): { t: Telemetry; exporter: CountingExporter } {
  const exporter = new CountingExporter();
  const t = createTelemetry({ serviceName: 'poll-loop', exporter, spanProcessor: 'simple' });
  created.push(t);
  return { t, exporter };
}

/** What the flow sees inside the last tick. */
interface LastTick {
  foreign: unknown;
  fields: Readonly<Record<string, unknown>>;
  spanStack: SpanStackEntry[];
  spanPath: string[];
  breadcrumbs: { message: string }[];
  active: SpanHandle | undefined;
  /** The handle `withSpan` passed to the last tick, if the loop uses spans. */
  tickSpan: SpanHandle | undefined;
}

type Rearm = (next: () => void) => void;
const bySetImmediate: Rearm = (next) => setImmediate(next);
const bySetTimeout: Rearm = (next) => setTimeout(next, 0);

/**
 * Runs `ticks` ticks, each in `runTick` (withContext or withSpan), adding a breadcrumb and
 * re-arming the next one from inside. Resolves with what the last tick saw; rejects with
 * whatever any tick threw.
 */
function pollLoop(
  t: Telemetry,
  ticks: number,
  rearm: Rearm,
  runTick: (tick: number, body: (span?: SpanHandle) => void) => void,
): Promise<LastTick> {
  return new Promise((resolve, reject) => {
    let tick = 0;
    const step = (): void => {
      tick += 1;
      try {
        runTick(tick, (span) => {
          t.addBreadcrumb(`tick ${tick}`);
          if (tick < ticks) rearm(step);
          else resolve(lastTick(t, span));
        });
      } catch (error) {
        reject(error);
      }
    };
    step();
  });
}

function lastTick(t: Telemetry, tickSpan: SpanHandle | undefined): LastTick {
  const enriched = t.enrichError(new Error('in the last tick')) as Error & { context: Record<string, unknown> };
  return {
    foreign: context.active().getValue(FOREIGN_KEY),
    fields: t.getContext(),
    spanStack: t.spanStack(),
    spanPath: (enriched.context.spanPath as string[] | undefined) ?? [],
    breadcrumbs: (enriched.context.breadcrumbs as { message: string }[] | undefined) ?? [],
    active: t.activeSpan(),
    tickSpan,
  };
}

/** Runs `fn` with a key of another library set in the context, below everything the loop makes. */
function belowTheLoop<T>(fn: () => T): T {
  return context.with(context.active().setValue(FOREIGN_KEY, 'set below the loop'), fn);
}

async function withContextLoop(rearm: Rearm, ticks: number): Promise<void> {
  const { t } = countingTelemetry();
  let loopSpan: SpanHandle | undefined;
  const last = await belowTheLoop(() =>
    t.withSpan('poll.loop', (span) => {
      loopSpan = span;
      return pollLoop(t, ticks, rearm, (tick, body) => t.withContext({ loop: 'poll', tick }, () => body()));
    }),
  );

  expect(last.foreign).toBe('set below the loop');
  expect(last.fields).toEqual({ loop: 'poll', tick: ticks });
  expect(last.active, `activeSpan() after ${ticks} ticks is the loop's own handle`).toBe(loopSpan);
  expect(last.spanStack.map((entry) => entry.name)).toEqual(['poll.loop']);
  expect(last.spanPath).toEqual(['poll.loop']);
  expect(last.breadcrumbs.at(-1)?.message).toBe(`tick ${ticks}`);
  expect(last.breadcrumbs.length, `${last.breadcrumbs.length} breadcrumbs on an error after ${ticks} ticks`).toBeLessThanOrEqual(
    BREADCRUMB_BOUND,
  );
  expect(t.health().spans).toMatchObject({ started: 1, ended: 1, open: 0 });
}

async function withSpanLoop(rearm: Rearm, ticks: number): Promise<void> {
  const { t, exporter } = countingTelemetry();
  const last = await belowTheLoop(() =>
    t.withContext({ loop: 'poll' }, () => pollLoop(t, ticks, rearm, (tick, body) => t.withSpan('poll.tick', { tick }, body))),
  );

  expect(last.foreign).toBe('set below the loop');
  expect(last.fields).toEqual({ loop: 'poll' });
  expect(last.active, `activeSpan() after ${ticks} ticks is the tick's own handle`).toBe(last.tickSpan);
  expect(last.spanStack.length, `spanStack() has ${last.spanStack.length} entries after ${ticks} ticks`).toBeLessThanOrEqual(
    SPAN_STACK_BOUND,
  );
  expect(last.spanStack.at(-1)?.spanId).toBe(last.tickSpan?.spanId);
  expect(last.spanStack.every((entry) => entry.name === 'poll.tick' && entry.traceId === last.tickSpan?.traceId)).toBe(true);
  expect(last.spanPath.length, `spanPath has ${last.spanPath.length} names after ${ticks} ticks`).toBeLessThanOrEqual(SPAN_STACK_BOUND);
  expect(last.spanPath).toEqual(last.spanStack.map((entry) => entry.name));
  expect(last.breadcrumbs.at(-1)?.message).toBe(`tick ${ticks}`);
  expect(last.breadcrumbs.length, `${last.breadcrumbs.length} breadcrumbs on an error after ${ticks} ticks`).toBeLessThanOrEqual(
    BREADCRUMB_BOUND,
  );
  expect(t.health().spans).toMatchObject({ started: ticks, ended: ticks, open: 0 });
  expect(exporter.exported, `${exporter.exported} of ${ticks} spans exported`).toBe(ticks);
}

// The child measures the heap inside the loop after 20,000 and after 100,000 ticks of a
// tick that enters withContext then withSpan and adds a breadcrumb.
const heapScript = `
import { createTelemetry } from './src/index.ts';
let exported = 0;
const exporter = { export(spans, done) { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
const t = createTelemetry({ serviceName: 'poll-loop', exporter, spanProcessor: 'simple' });
const heaps = {};
let tick = 0;
function step() {
  tick += 1;
  t.withContext({ tick }, () => t.withSpan('poll.tick', () => {
    t.addBreadcrumb('tick ' + tick);
    if (tick === 20000 || tick === 100000) {
      globalThis.gc();
      globalThis.gc();
      heaps[tick] = process.memoryUsage().heapUsed;
    }
    if (tick < 100000) setImmediate(step);
    else setImmediate(() => t.shutdown().then(() => console.log(JSON.stringify({ heaps, exported, spans: t.health().spans }))));
  }));
}
t.withContext({ loop: 'poll' }, step);
`;

describe('a flow that re-arms itself from inside its own scope runs forever', () => {
  it('withContext re-armed with setImmediate: 100,000 ticks, lookups still answer, the span stays ours, breadcrumbs bounded', async () => {
    await withContextLoop(bySetImmediate, 100_000);
  });

  it('withSpan re-armed with setImmediate: 100,000 ticks, spanStack and spanPath bounded, every span exported', async () => {
    await withSpanLoop(bySetImmediate, 100_000);
  });

  // A timer of 0 ms waits at least 1 ms, so these loops run fewer ticks: enough to exceed every bound many times over.
  it('withContext re-armed with setTimeout(…, 0): 1,000 ticks, breadcrumbs bounded', async () => {
    await withContextLoop(bySetTimeout, 1_000);
  });

  it('withSpan re-armed with setTimeout(…, 0): 1,000 ticks, spanStack and spanPath bounded, every span exported', async () => {
    await withSpanLoop(bySetTimeout, 1_000);
  });

  it('keeps the heap flat: after 100,000 ticks within a few MB of the heap after 20,000 (child process, --expose-gc)', () => {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', heapScript], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { heaps, exported, spans } = JSON.parse(child.stdout) as {
      heaps: Record<string, number>;
      exported: number;
      spans: { started: number; ended: number };
    };
    const heapGrowthMb = ((heaps['100000'] as number) - (heaps['20000'] as number)) / 2 ** 20;
    expect(heapGrowthMb, `heap grew ${heapGrowthMb.toFixed(2)} MB from 20,000 to 100,000 ticks`).toBeLessThan(3);
    expect(spans).toMatchObject({ started: 100_000, ended: 100_000 });
    expect(exported, `${exported} of 100,000 spans exported`).toBe(100_000);
  });
});
