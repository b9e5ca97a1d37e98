import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../../src/index.js';
import '../../src/testing/vitest.js';
import { make } from '../support/testInstances.js';

/** An exporter that records what reaches it and how it is shut down. */
function recordingExporter(): SpanExporter & { exported: string[]; shutdowns: number } {
  const exporter = {
    exported: [] as string[],
    shutdowns: 0,
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      exporter.exported.push(...spans.map((span) => span.name));
      done({ code: 0 });
    },
    shutdown() {
      exporter.shutdowns += 1;
      return Promise.resolve();
    },
    forceFlush: () => Promise.resolve(),
  };
  return exporter;
}

describe('§5 health()', () => {
  it('has exactly the documented shape, every key present', () => {
    const t = make();
    const health = t.health();
    expect(health.status).toBe('ok');
    expect(Object.keys(health.spans).sort()).toEqual(['doubleEnded', 'ended', 'open', 'started']);
    expect(Object.keys(health.events).sort()).toEqual(
      ['batchedEvents', 'batches', 'dedupEvictions', 'dedupKeys', 'dropped', 'executed', 'lastFlushAt', 'sampledOut', 'suppressed'].sort(),
    );
    expect(Object.keys(health.handlers).sort()).toEqual(['attached', 'detached', 'failures']);
    expect(Object.keys(health.export).sort()).toEqual(['dropped', 'exported', 'failed', 'lastError']);
    expect(health.export.lastError).toBeUndefined();
    for (const key of ['status', 'spans', 'events', 'handlers', 'export']) expect(health).toHaveProperty(key);
    const { lastError: _lastError, ...exportCounts } = health.export;
    for (const group of [health.spans, health.handlers, exportCounts]) {
      for (const value of Object.values(group)) expect(typeof value).toBe('number');
    }
  });

  it('counts spans, events, batches, handlers and exports', async () => {
    const t = make();
    t.attach('h', 'a.b', () => undefined);
    const open = t.startSpan('open');
    t.withSpan('done', () => t.execute('a.b'));
    t.emitBatched('c.d', 1);
    t.emitBatched('c.d', 1);
    t.emitEvent('e.f', {}, { dedupKey: 'k' });
    t.emitEvent('e.f', {}, { dedupKey: 'k' });
    let health = t.health();
    expect(health.spans).toEqual({ started: 2, ended: 1, open: 1, doubleEnded: 0 });
    expect(health.events).toMatchObject({ suppressed: 1, dedupKeys: 1, batches: 1, batchedEvents: 2, dropped: 0 });
    expect(health.events.executed).toBeGreaterThanOrEqual(2);
    expect(health.handlers).toEqual({ attached: 1, failures: 0, detached: 0 });
    expect(health.export.exported).toBe(1);
    open.end();
    open.end();
    await t.flush();
    health = t.health();
    expect(health.spans).toEqual({ started: 2, ended: 2, open: 0, doubleEnded: 1 });
    expect(health.events.batches).toBe(0);
    expect(health.events.lastFlushAt).toBe(t.clock.now());
    expect(health.export.exported).toBe(2);
  });

  it("status is 'shutdown' after shutdown", async () => {
    const t = make();
    await t.shutdown();
    expect(t.health().status).toBe('shutdown');
  });
});

describe('§5 shutdown({ timeoutMs = 5000 }?)', () => {
  it('executes pending suppression summaries and batches, and exports open work', async () => {
    const t = make();
    t.emitBatched('pending.batch', 3);
    t.emitEvent('pending.dedup', {}, { dedupKey: 'k' });
    t.emitEvent('pending.dedup', {}, { dedupKey: 'k' });
    await t.shutdown();
    expect(t).toHaveEmitted('batched.pending.batch', { times: 1, measurements: { count: 3 } });
    expect(t).toHaveEmitted('suppressed.pending.dedup', { times: 1, measurements: { count: 1 }, metadata: { dedupKey: 'k' } });
  });

  it('stops the flusher', async () => {
    const t = make();
    await t.shutdown();
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('flushes and shuts down the span processor and exporter; idempotent', async () => {
    const exporter = recordingExporter();
    const telemetry = createTelemetry({ exporter, spanProcessor: 'batch' });
    telemetry.withSpan('queued', () => undefined);
    expect(exporter.exported).toEqual([]);
    const first = telemetry.shutdown();
    const second = telemetry.shutdown({ timeoutMs: 10 });
    await Promise.all([first, second]);
    await telemetry.shutdown();
    expect(exporter.exported).toEqual(['queued']);
    expect(exporter.shutdowns).toBe(1);
  });

  it('resolves within the budget when the exporter hangs', async () => {
    const hanging: SpanExporter = {
      export: () => undefined,
      shutdown: () => new Promise(() => undefined),
      forceFlush: () => new Promise(() => undefined),
    };
    const telemetry = createTelemetry({ exporter: hanging, spanProcessor: 'simple' });
    telemetry.withSpan('stuck', () => undefined);
    const started = Date.now();
    await telemetry.shutdown({ timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends open spans as abandoned while handlers still hear of it, then exports them', async () => {
    const t = make();
    const heard: string[] = [];
    t.attach('span-ends', [['span', 'stop'], ['span', 'exception']], (_event, _measurements, metadata) => {
      heard.push(String(metadata.name));
    });
    t.startSpan('hung.request');
    await t.shutdown();
    expect(heard).toEqual(['hung.request']);
    expect(t.health().spans).toMatchObject({ open: 0, ended: 1 });
    expect(t).toHaveSpan('hung.request', { status: 'error', attributes: { 'telemetry.span.abandoned': true } });
  });

  it('abandons a span that a handler of the last batch leaves open', async () => {
    const t = make();
    t.attach('starts-work', ['batched', 'jobs', 'queued'], () => {
      t.startSpan('jobs.drain');
    });
    t.emitBatched('jobs.queued');
    await t.shutdown();
    expect(t.health().spans.open).toBe(0);
    expect(t).toHaveSpan('jobs.drain', { attributes: { 'telemetry.span.abandoned': true } });
  });

  it('waits without a deadline for timeoutMs: Infinity', async () => {
    let finishExport: (() => void) | undefined;
    const slow: SpanExporter = {
      export: (_spans, done) => {
        finishExport = () => done({ code: 0 });
      },
      shutdown: () => Promise.resolve(),
    };
    const telemetry = createTelemetry({ exporter: slow, spanProcessor: 'simple' });
    telemetry.withSpan('slow', () => undefined);
    let resolved = false;
    const shutdown = telemetry.shutdown({ timeoutMs: Number.POSITIVE_INFINITY }).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(resolved).toBe(false);
    finishExport?.();
    await shutdown;
    expect(telemetry.health().export.exported).toBe(1);
  });

  it.each([-1, Number.NaN, '100'])('rejects timeoutMs %s with a TypeError and stays usable', async (timeoutMs) => {
    const t = make();
    await expect(t.shutdown({ timeoutMs: timeoutMs as number })).rejects.toThrow(TypeError);
    await expect(t.shutdown({ timeoutMs: timeoutMs as number })).rejects.toThrow(/timeoutMs.*>= 0.*got/);
    expect(t.health().status).toBe('ok');
    await t.shutdown({ timeoutMs: 0 });
    expect(t.health().status).toBe('shutdown');
  });

  it('after shutdown withSpan still runs fn (no span) and emits are counted as dropped, nothing throws', async () => {
    const t = make();
    await t.shutdown();
    const before = t.spans().length;
    expect(t.withSpan('late', (span) => (span ? 'ran' : 'no handle'))).toBe('ran');
    await expect(t.withSpan('late async', async () => 7)).resolves.toBe(7);
    expect(() => t.execute('late.execute')).not.toThrow();
    expect(t.emitEvent('late.emit')).toBe(false);
    expect(() => t.emitBatched('late.batch')).not.toThrow();
    expect(t.spans()).toHaveLength(before);
    expect(t.health().events.dropped).toBe(3);
    await expect(t.flush()).resolves.toBeUndefined();
  });
});
