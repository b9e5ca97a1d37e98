import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
import { KeepingLogExporter, MANUAL_CLOCK_EPOCH_MS, createManualClock, type RecordedLog, type TestTelemetry } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

const SEVERITIES = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

const created: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function only(t: TestTelemetry, eventName: string): RecordedLog {
  const records = t.logs().filter((record) => record.eventName === eventName);
  expect(records, `records named ${eventName}: ${JSON.stringify(t.logs())}`).toHaveLength(1);
  return records[0] as RecordedLog;
}

/** RFC 3339 text of a time `ms` after the manual clock's start. */
const at = (ms: number): string => new Date(MANUAL_CLOCK_EPOCH_MS + ms).toISOString();

describe('an emitted occurrence', () => {
  it("is logged under the event's name with its measurements, its metadata and log_count 1", () => {
    const t = make();
    t.emitEvent(['db', 'error'], { durationMs: 12, attempt: 2 }, { table: 'orders', retried: true });
    expect(t.logs()).toEqual([
      {
        eventName: 'db.error',
        severityText: 'info',
        body: 'db.error',
        attributes: { durationMs: 12, attempt: 2, table: 'orders', retried: true, log_count: 1 },
      },
    ]);
  });

  it('has log_count 1 + the occurrences suppressed before it', () => {
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 60_000 } });
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    t.clock.advance(1000);
    // The window closed but no flush ran: the next occurrence carries the count.
    t.emitEvent('db.error', {}, { dedupKey: 'q1' });
    expect(t.logs().map((record) => record.attributes.log_count)).toEqual([1, 3]);
    expect(t.logs()[1]?.attributes.suppressed).toBe(2);
  });

  it('carries the trace and span id of the span it was emitted in', () => {
    const t = make();
    let ids: { traceId: string; spanId: string } | undefined;
    t.withSpan('request', (span) => {
      ids = { traceId: span.traceId, spanId: span.spanId };
      t.emitEvent('payment.retry');
    });
    t.emitEvent('payment.retry');
    const [inside, outside] = t.logs();
    expect(inside).toMatchObject(ids ?? {});
    expect(inside?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(outside).not.toHaveProperty('traceId');
    expect(outside).not.toHaveProperty('spanId');
  });
});

describe('a plain execute, when logged', () => {
  it("has log_count 1: an execute suppresses nothing, whatever its metadata says", () => {
    const t = make({ logs: { events: 'all' } });
    t.execute('db.query', {}, { suppressed: 4 });
    expect(t.logs()[0]?.attributes).toEqual({ suppressed: 4, log_count: 1 });
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])(
    "is not logged under 'emitted' when named like an Object.prototype member (%s)",
    (name) => {
      const t = make();
      t.execute(name);
      t.execute(['telemetry', name]);
      expect(t.logs()).toEqual([]);
    },
  );

  it("is logged at the default severity under 'all' when named like an Object.prototype member", () => {
    const t = make({ logs: { events: 'all' } });
    t.execute('constructor');
    expect(t.logs()).toEqual([{ eventName: 'constructor', severityText: 'info', body: 'constructor', attributes: { log_count: 1 } }]);
  });
});

describe('records from the flusher', () => {
  it('carry no trace or span id, even when the flush runs inside a span', async () => {
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 1000 } });
    t.withSpan('emitting', () => {
      t.emitEvent('db.error', {}, { dedupKey: 'q1' });
      t.emitEvent('db.error', {}, { dedupKey: 'q1' });
      t.emitBatched('cache.miss');
    });
    t.withSpan('advancing', () => t.clock.advance(1000));
    t.emitBatched('cache.miss');
    await t.withSpan('flushing', () => t.flush());
    const fromFlusher = t.logs().slice(1);
    expect(fromFlusher.map((record) => record.eventName)).toEqual(['db.error', 'cache.miss', 'cache.miss']);
    for (const record of fromFlusher) {
      expect(record, JSON.stringify(record)).not.toHaveProperty('traceId');
      expect(record, JSON.stringify(record)).not.toHaveProperty('spanId');
    }
    expect(t.logs()[0]).toHaveProperty('spanId');
  });

  it('carry none for a batch that fills up, nor for a summary evicted, inside a span', () => {
    const t = make({ events: { maxBatchSize: 2, maxDedupKeys: 1 } });
    t.withSpan('busy', () => {
      t.emitBatched('cache.miss');
      t.emitBatched('cache.miss');
      t.emitEvent('db.error', {}, { dedupKey: 'a' });
      t.emitEvent('db.error', {}, { dedupKey: 'a' });
      t.emitEvent('db.error', {}, { dedupKey: 'b' });
    });
    const records = t.logs();
    expect(records.map((record) => [record.eventName, record.attributes.log_count, 'spanId' in record])).toEqual([
      ['cache.miss', 2, false],
      ['db.error', 1, true],
      ['db.error', 1, false],
      ['db.error', 1, true],
    ]);
    expect(records[2]?.attributes['dedup.key']).toBe('a');
  });
});

describe('a suppression summary', () => {
  it("is logged under the event's own name with log_count n, dedup.key and RFC 3339 first/last observed times", () => {
    const t = make({ events: { dedupWindowMs: 1000 } });
    t.emitEvent('db.error', {}, { dedupKey: 'SELECT 1' });
    t.clock.advance(100);
    t.emitEvent('db.error', {}, { dedupKey: 'SELECT 1' });
    t.clock.advance(250);
    t.emitEvent('db.error', {}, { dedupKey: 'SELECT 1' });
    t.emitEvent('db.error', {}, { dedupKey: 'SELECT 1' });
    t.clock.advance(650);
    const summary = t.logs()[1];
    expect(summary).toEqual({
      eventName: 'db.error',
      severityText: 'info',
      body: 'db.error',
      attributes: {
        'dedup.key': 'SELECT 1',
        first_observed_timestamp: at(100),
        last_observed_timestamp: at(350),
        log_count: 3,
      },
    });
    expect(summary?.attributes.first_observed_timestamp).toBe('2026-01-01T00:00:00.100Z');
  });

  it('keeps a number dedup key a number', () => {
    const t = make();
    t.emitEvent('db.error', {}, { dedupKey: 42 });
    t.emitEvent('db.error', {}, { dedupKey: 42 });
    t.clock.advance(t.config.events.dedupWindowMs);
    expect(t.logs()[1]?.attributes['dedup.key']).toBe(42);
  });

  it('makes the log_count of an event add up to its executed plus suppressed occurrences', () => {
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 60_000 } });
    let calls = 0;
    for (let second = 0; second < 5; second++) {
      for (let index = 0; index < 7; index++, calls++) t.emitEvent('db.error', {}, { dedupKey: index % 2 });
      t.clock.advance(second % 2 === 0 ? 400 : 1000);
    }
    t.emitEvent('db.error');
    calls++;
    t.clock.advance(60_000);
    const total = t.logs().reduce((sum, record) => sum + Number(record.attributes.log_count), 0);
    const { executed, suppressed } = t.health().events;
    expect(executed + suppressed).toBe(calls);
    expect(total).toBe(calls);
  });
});

describe('a batch', () => {
  it("is logged under the event's own name with its summed measurements, log_count, batch.key and batch.reason", () => {
    const t = make();
    t.emitBatched('cache.miss', { bytes: 100 }, { batchKey: 'users' });
    t.emitBatched('cache.miss', { bytes: 20 }, { batchKey: 'users' });
    t.emitBatched('cache.miss', { bytes: 3 }, { batchKey: 'users' });
    t.clock.advance(t.config.events.batchIntervalMs);
    expect(t.logs()).toEqual([
      {
        eventName: 'cache.miss',
        severityText: 'info',
        body: 'cache.miss',
        attributes: { bytes: 123, count: 3, 'batch.key': 'users', 'batch.reason': 'interval', log_count: 3 },
      },
    ]);
  });

  it("says 'size' for a batch that filled up, and log_count counts occurrences, not the summed count", () => {
    const t = make({ events: { maxBatchSize: 2 } });
    t.emitBatched('cache.miss', 5);
    t.emitBatched('cache.miss', 5);
    expect(only(t, 'cache.miss').attributes).toEqual({ count: 10, 'batch.key': 'default', 'batch.reason': 'size', log_count: 2 });
  });
});

describe('a captured error', () => {
  it('is logged as error.captured with exception.* and error.context.* attributes and severity error', () => {
    const t = make();
    const error = new TypeError('card declined');
    t.withContext({ requestId: 'r-1', sessionToken: 'abc' }, () => t.captureError(error, { orderId: 7 }));
    const record = only(t, 'error.captured');
    expect(record.severityText).toBe('error');
    expect(record.body).toBe('error.captured');
    expect(record.attributes).toMatchObject({
      count: 1,
      errorType: 'TypeError',
      orderId: 7,
      'exception.type': 'TypeError',
      'exception.message': 'card declined',
      'exception.stacktrace': error.stack,
      'error.context.requestId': 'r-1',
      'error.context.sessionToken': '[REDACTED]',
      log_count: 1,
    });
    expect(String(record.attributes['exception.stacktrace'])).toContain('TypeError: card declined');
  });

  it('logs a thrown value that is not an Error', () => {
    const t = make();
    t.captureError('plain string');
    expect(only(t, 'error.captured').attributes).toMatchObject({ 'exception.type': 'string', 'exception.message': 'plain string' });
  });
});

describe('a handler failure', () => {
  it('is logged with severity error, the handler id and the exception', () => {
    const t = make();
    t.attach('audit-writer', 'order.placed', () => {
      throw new RangeError('disk full');
    });
    t.execute('order.placed');
    expect(only(t, 'telemetry.handler.failure')).toMatchObject({
      severityText: 'error',
      attributes: { count: 1, handlerId: 'audit-writer', 'exception.type': 'RangeError', 'exception.message': 'disk full', log_count: 1 },
    });
  });
});

describe('severity and body', () => {
  it.each(SEVERITIES)("takes metadata.severity '%s'", (severity) => {
    const t = make();
    t.emitEvent('job.done', {}, { severity });
    expect(t.logs()[0]?.severityText).toBe(severity);
  });

  it('exports the OpenTelemetry severity number of each', () => {
    const records = new KeepingLogExporter();
    const telemetry = createTelemetry({ clock: createManualClock(), flushOnExit: false, logs: { exporter: records, processor: 'simple' } });
    created.push(telemetry);
    for (const severity of SEVERITIES) telemetry.emitEvent('job.done', {}, { severity });
    telemetry.emitEvent('job.done');
    expect(records.records().map((record) => [record.severityText, record.severityNumber])).toEqual([
      ['trace', SeverityNumber.TRACE],
      ['debug', SeverityNumber.DEBUG],
      ['info', SeverityNumber.INFO],
      ['warn', SeverityNumber.WARN],
      ['error', SeverityNumber.ERROR],
      ['fatal', SeverityNumber.FATAL],
      ['info', SeverityNumber.INFO],
    ]);
  });

  it("defaults to 'info', and to 'error' for captured errors, which metadata.severity still overrides", () => {
    const t = make();
    t.emitEvent('job.done');
    t.captureError(new Error('a'));
    t.captureError(new Error('b'), { severity: 'fatal' });
    expect(t.logs().map((record) => record.severityText)).toEqual(['info', 'error', 'fatal']);
  });

  it.each([['verbose'], ['WARN'], [3], [null], ['toString'], ['constructor'], ['__proto__']])(
    'falls back to the default for an unknown severity %j',
    (severity) => {
      const t = make();
      t.emitEvent('job.done', {}, { severity: severity as never });
      t.captureError(new Error('x'), { severity });
      expect(t.logs().map((record) => record.severityText)).toEqual(['info', 'error']);
    },
  );

  it('uses metadata.message as the body, else the event name', () => {
    const t = make();
    t.emitEvent('job.done', {}, { message: 'nightly export finished' });
    t.emitEvent('job.done', {}, { message: 42 as never });
    expect(t.logs().map((record) => record.body)).toEqual(['nightly export finished', 'job.done']);
  });

  it('gives a summary the severity and message of the occurrences it counts', () => {
    const t = make();
    t.emitEvent('disk.slow', {}, { dedupKey: 'sda', severity: 'debug', message: 'first' });
    t.emitEvent('disk.slow', {}, { dedupKey: 'sda', severity: 'warn', message: 'disk sda is slow' });
    t.clock.advance(t.config.events.dedupWindowMs);
    expect(t.logs()[1]).toMatchObject({ eventName: 'disk.slow', severityText: 'warn', body: 'disk sda is slow' });
  });

  it('gives a batch the severity and message of its first occurrence', () => {
    const t = make();
    t.emitBatched('cache.miss', 1, { severity: 'debug', message: 'cache miss on users' });
    t.emitBatched('cache.miss', 1, { severity: 'fatal', message: 'other' });
    t.clock.advance(t.config.events.batchIntervalMs);
    expect(only(t, 'cache.miss')).toMatchObject({ severityText: 'debug', body: 'cache miss on users' });
  });
});

describe('metadata as attributes', () => {
  it('keeps strings, numbers and booleans and leaves out every other value', () => {
    const t = make();
    t.emitEvent('job.done', {}, {
      text: 'x',
      number: 1.5,
      flag: false,
      object: { nested: 1 },
      array: [1, 2],
      fn: () => 1,
      big: 10n,
      nothing: null,
      missing: undefined,
      symbol: Symbol('s'),
      date: new Date(0),
    });
    expect(t.logs()[0]?.attributes).toEqual({ text: 'x', number: 1.5, flag: false, log_count: 1 });
  });

  it('redacts values under the default secret keys', () => {
    const t = make();
    t.emitEvent('user.login', {}, { password: 'hunter2', apiKey: 'k', 'api.key': 'k', authorization: 'Bearer x', sessionId: 's', user: 'ada' });
    expect(t.logs()[0]?.attributes).toEqual({
      password: '[REDACTED]',
      apiKey: '[REDACTED]',
      'api.key': '[REDACTED]',
      authorization: '[REDACTED]',
      sessionId: '[REDACTED]',
      user: 'ada',
      log_count: 1,
    });
  });

  it('redacts the configured patterns as well as the defaults', () => {
    const t = make({ errorContext: { redact: [/^internal_/, 'tenant'] } });
    t.emitEvent('user.login', {}, { internal_id: 7, tenantName: 'acme', password: 'hunter2', user: 'ada' });
    expect(t.logs()[0]?.attributes).toEqual({
      internal_id: '[REDACTED]',
      tenantName: '[REDACTED]',
      password: '[REDACTED]',
      user: 'ada',
      log_count: 1,
    });
  });

  it('cuts strings and the body at errorContext.maxValueLength', () => {
    const t = make({ errorContext: { maxValueLength: 8 } });
    t.emitEvent('job.done', {}, { note: 'abcdefghijklmnop', message: 'a long message indeed' });
    expect(t.logs()[0]).toMatchObject({ body: 'a long m', attributes: { note: 'abcdefgh', message: 'a long m' } });
  });

  it('keeps at most errorContext.maxKeys metadata values, the first ones', () => {
    const t = make({ errorContext: { maxKeys: 3 } });
    t.emitEvent('job.done', { durationMs: 4 }, { skipped: {}, a: 1, b: 2, c: 3, d: 4, e: 5 });
    expect(t.logs()[0]?.attributes).toEqual({ durationMs: 4, a: 1, b: 2, c: 3, log_count: 1 });
  });

  it('never throws into emitEvent for hostile metadata, and still writes the record', () => {
    const t = make();
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const metadata = {
      get broken(): string {
        throw new Error('getter broke');
      },
      get severity(): string {
        throw new Error('severity getter broke');
      },
      get message(): string {
        throw new Error('message getter broke');
      },
      value: revoked.proxy,
      kept: 'yes',
    };
    const unlistable = new Proxy(
      { kept: 'no' },
      {
        ownKeys() {
          throw new Error('ownKeys broke');
        },
      },
    );
    expect(t.emitEvent('hostile.getter', { n: 1 }, metadata as never)).toBe(true);
    expect(t.emitEvent('hostile.keys', {}, unlistable)).toBe(true);
    expect(t.logs()).toEqual([
      { eventName: 'hostile.getter', severityText: 'info', body: 'hostile.getter', attributes: { n: 1, kept: 'yes', log_count: 1 } },
      { eventName: 'hostile.keys', severityText: 'info', body: 'hostile.keys', attributes: { log_count: 1 } },
    ]);
  });
});
