import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, tick } from './harness.js';

describe('with sampler ratio 0 (non-recording spans)', () => {
  it('keeps context propagation and spanStack working', async () => {
    const harness = createHarness({ ratio: 0 });
    const { spans } = harness;
    await spans.withSpan('outer', { big: 'attribute' }, async (outer) => {
      expect(outer.otelSpan.isRecording()).toBe(false);
      expect(trace.getActiveSpan()).toBe(outer.otelSpan);
      expect(spans.currentTraceId()).toBe(outer.traceId);
      await tick();
      await spans.withSpan('inner', async (inner) => {
        await tick();
        expect(inner.traceId).toBe(outer.traceId);
        expect(inner.spanId).not.toBe(outer.spanId);
        expect(spans.activeSpan()).toBe(inner);
        expect(spans.spanStack()).toEqual([
          { name: 'outer', spanId: outer.spanId, traceId: outer.traceId },
          { name: 'inner', spanId: inner.spanId, traceId: outer.traceId },
        ]);
      });
    });
    expect(harness.finished()).toHaveLength(0);
    expect(spans.health()).toEqual({ started: 2, ended: 2, open: 0, doubleEnded: 0 });
  });

  it('still rethrows and enriches failures', () => {
    const harness = createHarness({ ratio: 0 });
    const error = new Error('unsampled');
    expect(() =>
      harness.spans.withSpan('failing', () => {
        throw error;
      }),
    ).toThrow(error);
    expect(harness.errors.enriched).toEqual([{ error, activeSpanName: 'failing' }]);
  });

  it('gives parentSpanId of the unsampled parent in span events', () => {
    const harness = createHarness({ ratio: 0 });
    harness.events.listen('span.start');
    harness.spans.withSpan('outer', (outer) => {
      harness.spans.withSpan('inner', () => undefined);
      const inner = harness.events.executed.find((event) => event.metadata.name === 'inner');
      expect(inner?.metadata.parentSpanId).toBe(outer.spanId);
    });
  });
});
