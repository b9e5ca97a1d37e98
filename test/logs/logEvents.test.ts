import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { counter, createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { KeepingLogExporter, createManualClock, type TestTelemetry } from '../../src/testing/index.js';
import { make, tick } from '../support/testInstances.js';

const created: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

/** A production instance whose log records are kept by `records`, shut down after the test. */
function exporting(options: TelemetryOptions = {}): { telemetry: Telemetry; records: KeepingLogExporter } {
  const records = new KeepingLogExporter();
  const telemetry = createTelemetry({
    clock: createManualClock(),
    warnings: false,
    flushOnExit: false,
    ...options,
    logs: { processor: 'simple', ...options.logs, exporter: records },
  });
  created.push(telemetry);
  return { telemetry, records };
}

const eventNames = (t: TestTelemetry): Array<string | undefined> => t.logs().map((record) => record.eventName);

/** One of each source of log records but the export failure, and a plain `execute` and a span. */
function emitEverySource(t: TestTelemetry): void {
  t.withSpan('request', () => {
    t.emitEvent('db.error', { attempt: 1 }, { dedupKey: 'q1' });
    t.emitEvent('db.error', { attempt: 2 }, { dedupKey: 'q1' });
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.captureError(new Error('card declined'));
    t.execute('db.query', { duration: 3 });
  });
  t.attach('broken', 'order.placed', () => {
    throw new Error('handler broke');
  });
  t.execute('order.placed');
  t.clock.advance(t.config.events.dedupWindowMs);
}

describe("logs.events: 'emitted' (default)", () => {
  it('logs emitted occurrences, suppression summaries, batches, captured errors and handler failures', () => {
    const t = make();
    expect(t.config.logs.events).toBe('emitted');
    emitEverySource(t);
    expect(eventNames(t)).toEqual(['db.error', 'error.captured', 'telemetry.handler.failure', 'cache.miss', 'db.error']);
  });

  it('does not log a plain execute, nor span events even when they are executed', () => {
    const t = make();
    const seen: string[] = [];
    t.attach('spans', [['span', 'start'], ['span', 'stop'], ['span', 'exception']], (event) => seen.push(event.join('.')));
    t.execute('db.query', { duration: 3 }, { table: 'users' });
    t.withSpan('fine', () => undefined);
    expect(() => t.withSpan('failing', () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(seen).toEqual(['span.start', 'span.stop', 'span.start', 'span.exception']);
    expect(t.logs()).toEqual([]);
  });

  it('logs an export failure', async () => {
    const refusing: SpanExporter = {
      export: (_spans: ReadableSpan[], done) => done({ code: ExportResultCode.FAILED, error: new Error('collector said no') }),
      shutdown: () => Promise.resolve(),
    };
    const { telemetry, records } = exporting({ exporter: refusing, spanProcessor: 'simple' });
    telemetry.withSpan('lost', () => undefined);
    await tick();
    const failures = records.records().filter((record) => record.eventName === 'telemetry.export.failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.severityText).toBe('error');
    expect(failures[0]?.attributes).toMatchObject({ signal: 'traces', 'exception.message': 'collector said no', log_count: 1 });
  });

  it('logs emitted occurrences of an instance nobody listens to (no handler, no recorder)', () => {
    const { telemetry, records } = exporting();
    telemetry.emitEvent('payment.retry', { attempt: 2 });
    telemetry.execute('payment.checked');
    expect(records.records().map((record) => record.eventName)).toEqual(['payment.retry']);
  });
});

describe("logs.events: 'all'", () => {
  it("adds every execute to what 'emitted' logs", () => {
    const t = make({ logs: { events: 'all' } });
    emitEverySource(t);
    expect(eventNames(t)).toEqual([
      'db.error',
      'error.captured',
      'db.query',
      'order.placed',
      'telemetry.handler.failure',
      'cache.miss',
      'db.error',
    ]);
  });

  it('still logs no span event', () => {
    const t = make({ logs: { events: 'all' } });
    t.attach('spans', [['span', 'start'], ['span', 'stop'], ['span', 'exception']], () => undefined);
    t.withSpan('fine', () => undefined);
    expect(() => t.withSpan('failing', () => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(eventNames(t)).toEqual([]);
  });

  it('logs executions of an instance nobody listens to, and prefixed ones', () => {
    const { telemetry, records } = exporting({ logs: { events: 'all' } });
    telemetry.execute('payment.checked', { amount: 12 });
    telemetry.prefixed('shop').execute('cart.opened');
    expect(records.records().map((record) => record.eventName)).toEqual(['payment.checked', 'shop.cart.opened']);
  });
});

describe("logs.events: 'none'", () => {
  it('logs nothing at all and counts no log record', async () => {
    const t = make({ logs: { events: 'none' } });
    emitEverySource(t);
    await t.flush();
    expect(t.logs()).toEqual([]);
    expect(t.health().logs).toEqual({ exported: 0, failed: 0, dropped: 0 });
  });

  it('leaves events, handlers and metrics working', async () => {
    const t = make({ logs: { events: 'none' }, metrics: { definitions: [counter('db.error.count')] } });
    const seen: unknown[] = [];
    t.attach('h', 'db.error', (_event, measurements) => seen.push(measurements));
    expect(t.emitEvent('db.error', { attempt: 1 })).toBe(true);
    expect(seen).toEqual([{ attempt: 1 }]);
    expect(t.events('db.error')).toHaveLength(1);
    expect((await t.collectMetrics())[0]?.points).toEqual([{ attributes: {}, value: 1 }]);
  });
});

describe('logs.events: a predicate', () => {
  it('logs only the events it returns true for, chosen by metadata', () => {
    const t = make({ logs: { events: (_event, metadata) => metadata.audit === true } });
    t.emitEvent('user.login', {}, { audit: true, userId: 'u1' });
    t.emitEvent('user.login', {}, { audit: false, userId: 'u2' });
    t.emitEvent('user.login', {}, { userId: 'u3' });
    expect(t.logs().map((record) => record.attributes.userId)).toEqual(['u1']);
  });

  it('sees a summary as [suppressed, ...event] and a batch as [batched, ...event], with the metadata handlers see', () => {
    const offered: Array<{ event: string; metadata: Record<string, unknown> }> = [];
    const t = make({
      logs: {
        events: (event, metadata) => {
          offered.push({ event: event.join('.'), metadata: { ...metadata } });
          return event[0] === 'suppressed' || event[0] === 'batched';
        },
      },
    });
    const start = t.clock.now();
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.clock.advance(t.config.events.dedupWindowMs);

    expect(offered.map((entry) => entry.event)).toEqual(['db.error', 'batched.cache.miss', 'suppressed.db.error']);
    expect(offered[1]?.metadata).toEqual({ batchKey: 'users', events: [{ batchKey: 'users' }], reason: 'interval' });
    expect(offered[2]?.metadata).toEqual({ dedupKey: 'q1', firstAt: start, lastAt: start });
    // Chosen under their prefixed names, logged under the event's own.
    expect(eventNames(t)).toEqual(['cache.miss', 'db.error']);
    expect(t.logs()[1]?.attributes.log_count).toBe(1);
  });

  it('is offered plain executions too, but never span events', () => {
    const offered: string[] = [];
    const t = make({
      logs: {
        events: (event) => {
          offered.push(event.join('.'));
          return true;
        },
      },
    });
    t.attach('spans', [['span', 'start'], ['span', 'stop']], () => undefined);
    t.withSpan('work', () => t.execute('db.query', { duration: 1 }));
    expect(offered).toEqual(['db.query']);
    expect(eventNames(t)).toEqual(['db.query']);
  });

  it('keeps the record when the predicate throws, and the emitter never sees the error', () => {
    const t = make({
      logs: {
        events: (event) => {
          if (event[0] === 'db') throw new Error('predicate broke');
          return false;
        },
      },
    });
    expect(t.emitEvent('db.error', {}, { table: 'users' })).toBe(true);
    expect(t.emitEvent('cache.error')).toBe(true);
    expect(t.logs()).toEqual([
      { eventName: 'db.error', severityText: 'info', body: 'db.error', attributes: { table: 'users', log_count: 1 } },
    ]);
  });
});
