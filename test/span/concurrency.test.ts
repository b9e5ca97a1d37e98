import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, tick, timer } from './harness.js';
import { seededRandom } from '../support/seededRandom.js';

describe('span stacks follow the async flow', () => {
  it('nests 3 deep across awaits and timers with the right parents and stacks', async () => {
    const { spans, finishedNamed } = createHarness();
    const stacks: Record<string, string[]> = {};
    const names = (): string[] => spans.spanStack().map((entry) => entry.name);

    await spans.withSpan('level1', async (level1) => {
      await tick();
      stacks.level1 = names();
      await new Promise<void>((resolve) => {
        setTimeout(() => {
          void spans.withSpan('level2', async () => {
            await timer(1);
            stacks.level2 = names();
            await spans.withSpan('level3', async (level3) => {
              await tick();
              stacks.level3 = names();
              expect(spans.spanStack().every((entry) => entry.traceId === level1.traceId)).toBe(true);
              expect(spans.spanStack().at(-1)?.spanId).toBe(level3.spanId);
            });
            stacks.level2After = names();
          }).then(resolve);
        }, 0);
      });
      stacks.level1After = names();
    });

    expect(stacks).toEqual({
      level1: ['level1'],
      level2: ['level1', 'level2'],
      level3: ['level1', 'level2', 'level3'],
      level2After: ['level1', 'level2'],
      level1After: ['level1'],
    });
    expect(spans.spanStack()).toEqual([]);
    const [level1, level2, level3] = ['level1', 'level2', 'level3'].map(finishedNamed);
    expect(level1?.parentSpanContext).toBeUndefined();
    expect(level2?.parentSpanContext?.spanId).toBe(level1?.spanContext().spanId);
    expect(level3?.parentSpanContext?.spanId).toBe(level2?.spanContext().spanId);
    expect(new Set([level1, level2, level3].map((span) => span?.spanContext().traceId)).size).toBe(1);
  });

  it('keeps 1,000 interleaved flows apart', async () => {
    const harness = createHarness();
    const { spans } = harness;
    const flows = 1000;
    // A new interleaving on each run; a failing one is replayed with SPAN_CONCURRENCY_SEED.
    const seed = Number(process.env.SPAN_CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 32));
    const replay = `seed ${seed} (replay: SPAN_CONCURRENCY_SEED=${seed} npx vitest run test/span/concurrency.test.ts)`;
    const random = seededRandom(seed);
    const randomAwaits = async (): Promise<void> => {
      const count = Math.floor(random() * 3);
      for (let index = 0; index < count; index++) {
        if (random() < 0.5) await tick();
        else await timer(0);
      }
    };
    const stackProblems: string[] = [];
    const checkStack = (flow: number, depth: number): void => {
      const stack = spans.spanStack();
      const expected = ['request', 'step', 'query'].slice(0, depth).map((name) => `${name}#${flow}`);
      const got = stack.map((entry) => entry.name);
      if (JSON.stringify(got) !== JSON.stringify(expected)) stackProblems.push(`${flow}: ${got.join(' > ')}`);
      if (new Set(stack.map((entry) => entry.traceId)).size > 1) stackProblems.push(`${flow}: mixed traces`);
    };

    await Promise.all(
      Array.from({ length: flows }, (_, flow) =>
        spans.withSpan(`request#${flow}`, { flow }, async () => {
          await randomAwaits();
          checkStack(flow, 1);
          await Promise.all([
            spans.withSpan(`step#${flow}`, { flow }, async () => {
              await randomAwaits();
              checkStack(flow, 2);
              await spans.withSpan(`query#${flow}`, { flow }, async () => {
                await randomAwaits();
                checkStack(flow, 3);
                expect(trace.getActiveSpan()?.spanContext().spanId, replay).toBe(spans.activeSpan()?.spanId);
              });
              checkStack(flow, 2);
            }),
            randomAwaits().then(() => checkStack(flow, 1)),
          ]);
          checkStack(flow, 1);
        }),
      ),
    );

    expect(stackProblems, replay).toEqual([]);
    const finished = harness.finished();
    expect(finished, replay).toHaveLength(flows * 3);
    const byId = new Map(finished.map((span) => [span.spanContext().spanId, span]));
    let crossParented = 0;
    for (const span of finished) {
      const parentId = span.parentSpanContext?.spanId;
      if (span.name.startsWith('request#')) {
        if (parentId !== undefined) crossParented++;
        continue;
      }
      const parent = parentId === undefined ? undefined : byId.get(parentId);
      if (parent === undefined || parent.attributes.flow !== span.attributes.flow) crossParented++;
      if (parent?.spanContext().traceId !== span.spanContext().traceId) crossParented++;
    }
    expect(crossParented, replay).toBe(0);
    expect(new Set(finished.map((span) => span.spanContext().traceId)).size, replay).toBe(flows);
    expect(spans.health(), replay).toEqual({ started: flows * 3, ended: flows * 3, open: 0, doubleEnded: 0 });
  });
});
