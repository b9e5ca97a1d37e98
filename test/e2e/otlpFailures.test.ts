import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { counter, createTelemetry, histogram, type Telemetry } from '../../src/index.js';
import { createManualClock, waitFor } from '../../src/testing/index.js';
import { closedPortUrl, startOtlpReceiver, type OtlpReceiver } from './support/otlpReceiver.js';

let receiver: OtlpReceiver | undefined;
let telemetry: Telemetry | undefined;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', recordUnhandled);
});

afterEach(async () => {
  await telemetry?.shutdown({ timeoutMs: 1000 });
  await receiver?.close();
  telemetry = undefined;
  receiver = undefined;
  // One macrotask turn, so a rejection left unhandled by this test is reported to it.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('unhandledRejection', recordUnhandled);
  expect(unhandled).toEqual([]);
});

/** The application's own work: it must give its result whatever the collector does. */
async function handleOrder(t: Telemetry, orderId: number): Promise<string> {
  return t.withSpan('order.handle', { 'order.id': orderId }, async () =>
    t.withSpan('order.price', async () => `order ${orderId} costs ${orderId * 10}`),
  );
}

const SHUTDOWN_BUDGET_MS = 1000;

/**
 * Shutdown with a 1000 ms budget; returns how long it took and whether the budget ran out
 * (then the export still waiting is reported as a failure saying so).
 */
async function timedShutdown(t: Telemetry): Promise<{ elapsed: number; budgetSpent: boolean }> {
  const started = performance.now();
  await t.shutdown({ timeoutMs: SHUTDOWN_BUDGET_MS });
  const elapsed = performance.now() - started;
  const budgetSpent = /budget of 1000 ms ran out/.test(t.health().export.lastError?.message ?? '');
  return { elapsed, budgetSpent };
}

describe('OTLP export failures', () => {
  it('counts spans a receiver answering 500 refuses, and the application keeps working', async () => {
    receiver = await startOtlpReceiver('fail');
    telemetry = createTelemetry({ exporter: 'otlp', otlp: { url: receiver.tracesUrl, timeoutMs: 2000 }, warnings: false });

    expect(await handleOrder(telemetry, 1)).toBe('order 1 costs 10');
    await expect(telemetry.flush()).resolves.toBeUndefined();
    expect(receiver.requests).toHaveLength(1);
    expect(telemetry.health().export).toMatchObject({ exported: 0, failed: 2, dropped: 0 });
    expect(telemetry.health().export.lastError).toMatchObject({ signal: 'traces', message: 'HTTP 500 Internal Server Error' });
    expect(telemetry.health().status).toBe('degraded');

    expect(await handleOrder(telemetry, 2)).toBe('order 2 costs 20');
    await telemetry.flush();
    expect(telemetry.health().export.failed).toBe(4);

    // Nothing hangs: shutdown ends before its budget does.
    expect(await timedShutdown(telemetry)).toMatchObject({ budgetSpent: false });
  });

  it('shuts down within the budget while the receiver hangs, then counts the timed-out export', async () => {
    receiver = await startOtlpReceiver('hang');
    // The exporter's own timeout (30 s) is far beyond the shutdown budget (1 s).
    telemetry = createTelemetry({ exporter: 'otlp-proto', otlp: { url: receiver.tracesUrl, timeoutMs: 30_000 }, warnings: false });

    expect(await handleOrder(telemetry, 3)).toBe('order 3 costs 30');
    const { elapsed, budgetSpent } = await timedShutdown(telemetry);
    // The budget, not the exporter, ended the wait: not before it ran out, long before the exporter would give up.
    expect(budgetSpent).toBe(true);
    expect(elapsed, `shutdown took ${Math.round(elapsed)} ms`).toBeGreaterThanOrEqual(SHUTDOWN_BUDGET_MS - 50);
    expect(elapsed, `shutdown took ${Math.round(elapsed)} ms`).toBeLessThan(15_000);
    expect(receiver.requests).toHaveLength(1);
    expect(telemetry.health().status).toBe('shutdown');

    // The export still waiting when the budget ran out is counted as failed at once.
    expect(telemetry.health().export).toMatchObject({ exported: 0, failed: 2, dropped: 0 });
    expect(telemetry.health().export.lastError?.message).toMatch(/budget of 1000 ms ran out/);
    // After shutdown the application still runs, without spans.
    expect(await handleOrder(telemetry, 4)).toBe('order 4 costs 40');
  });

  it('counts spans sent to a port where nothing listens', async () => {
    const url = await closedPortUrl();
    telemetry = createTelemetry({ exporter: 'otlp', otlp: { url, timeoutMs: 500 }, warnings: false });
    const failures: Array<{ count: number; metadata: Record<string, unknown> }> = [];
    telemetry.attach('failures', 'telemetry.export.failure', (_event, { count }, metadata) => {
      if (metadata.signal === 'traces') failures.push({ count: count ?? 0, metadata });
    });

    expect(await handleOrder(telemetry, 5)).toBe('order 5 costs 50');
    await expect(telemetry.flush()).resolves.toBeUndefined();
    expect(telemetry.health().export).toMatchObject({ exported: 0, failed: 2, dropped: 0 });
    expect(telemetry.health().status).toBe('degraded');
    const port = new URL(url).port;
    expect(telemetry.health().export.lastError).toMatchObject({ signal: 'traces', message: `ECONNREFUSED 127.0.0.1:${port}` });
    // The refused connection is reported once, as it happens, with the spans it concerns.
    expect(failures).toHaveLength(1);
    expect(failures[0]?.count).toBe(2);
    expect(failures[0]?.metadata).toMatchObject({ signal: 'traces', endpoint: url, error: { code: 'ECONNREFUSED' } });

    // A second failure of the same kind is counted, not announced again.
    expect(await handleOrder(telemetry, 6)).toBe('order 6 costs 60');
    await telemetry.flush();
    expect(telemetry.health().export.failed).toBe(4);
    expect(failures).toHaveLength(1);
    // Nothing hangs: shutdown ends before its budget does.
    expect(await timedShutdown(telemetry)).toMatchObject({ budgetSpent: false });
  });
});

type EventSignal = 'logs' | 'metrics';

/** Where each signal goes when it is the only one exported, and how many items one order makes of it. */
const EVENT_SIGNALS = [
  {
    signal: 'logs' as const,
    path: '/v1/logs',
    // One log record per order: the `order.placed` occurrence.
    itemsPerOrder: 1,
    options: (url: string, timeoutMs: number, exportTimeoutMs: number) => ({
      logs: { exporter: 'otlp' as const, otlp: { url, timeoutMs }, batch: { exportTimeoutMs } },
    }),
  },
  {
    signal: 'metrics' as const,
    path: '/v1/metrics',
    // Two data points per export: the counter and the histogram.
    itemsPerOrder: 2,
    options: (url: string, timeoutMs: number, exportTimeoutMs: number) => ({
      metrics: {
        exporter: 'otlp-proto' as const,
        otlp: { url, timeoutMs },
        exportTimeoutMs,
        definitions: [counter('order.placed.count'), histogram('order.placed.total', { unit: '{cent}' })],
      },
    }),
  },
];

/** An instance that exports only `signal` (no spans), to `url`; metrics move only with `flush()` and `shutdown()`. */
function exportingOnly(
  entry: (typeof EVENT_SIGNALS)[number],
  url: string,
  { timeoutMs = 2000, exportTimeoutMs = 30_000 }: { timeoutMs?: number; exportTimeoutMs?: number } = {},
): Telemetry {
  return createTelemetry({ exporter: 'none', clock: createManualClock(), warnings: false, ...entry.options(url, timeoutMs, exportTimeoutMs) });
}

/** The application's own work with events: it must give its result whatever the collector does. */
function placeOrder(t: Telemetry, orderId: number): string {
  const executed = t.emitEvent('order.placed', { total: orderId * 100 }, { orderId });
  t.execute('order.placed', { total: orderId * 100 }, { orderId });
  return `order ${orderId} placed (${executed ? 'logged' : 'not logged'})`;
}

/** Exported and failed items of one signal, and dropped ones for logs (metrics drop nothing before the exporter). */
function countsOf(t: Telemetry, signal: EventSignal): Record<string, number> {
  const health = t.health();
  return signal === 'logs' ? { ...health.logs } : { exported: health.metrics.exported, failed: health.metrics.failed };
}

function recordExportFailures(t: Telemetry, signal: EventSignal): Array<{ count: number; metadata: Record<string, unknown> }> {
  const failures: Array<{ count: number; metadata: Record<string, unknown> }> = [];
  t.attach(`${signal}-failures`, 'telemetry.export.failure', (_event, { count }, metadata) => {
    if (metadata.signal === signal) failures.push({ count: count ?? 0, metadata });
  });
  return failures;
}

describe.each(EVENT_SIGNALS)('$signal export failures', (entry) => {
  const { signal, path, itemsPerOrder } = entry;
  const dropped = signal === 'logs' ? { dropped: 0 } : {};
  // A second export after a failure carries, for logs, the second order's record and the
  // failure's own record ('emitted' logs export failures); for metrics, the same two
  // cumulative points again.
  const failedAfterSecondOrder = itemsPerOrder + (signal === 'logs' ? 2 : itemsPerOrder);

  it('counts what a receiver answering 500 refuses, announces it once, and the application keeps working', async () => {
    receiver = await startOtlpReceiver('fail');
    const url = `${receiver.baseUrl}${path}`;
    telemetry = exportingOnly(entry, url);
    const failures = recordExportFailures(telemetry, signal);

    expect(placeOrder(telemetry, 1)).toBe('order 1 placed (logged)');
    await expect(telemetry.flush()).resolves.toBeUndefined();
    expect(receiver.requestsTo(path)).toHaveLength(1);
    expect(countsOf(telemetry, signal)).toEqual({ exported: 0, failed: itemsPerOrder, ...dropped });
    expect(telemetry.health().export.lastError).toMatchObject({ signal, message: 'HTTP 500 Internal Server Error' });
    expect(telemetry.health().status).toBe('degraded');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.count).toBe(itemsPerOrder);
    expect(failures[0]?.metadata).toMatchObject({ signal, endpoint: url });

    expect(placeOrder(telemetry, 2)).toBe('order 2 placed (logged)');
    await telemetry.flush();
    expect(countsOf(telemetry, signal)).toEqual({ exported: 0, failed: failedAfterSecondOrder, ...dropped });
    expect(failures, 'a second failure of the same kind is counted, not announced').toHaveLength(1);
  });

  it('counts an export the receiver never answers as failed once the export timeout passes, and turns degraded', async () => {
    receiver = await startOtlpReceiver('hang');
    const url = `${receiver.baseUrl}${path}`;
    telemetry = exportingOnly(entry, url, { timeoutMs: 5000, exportTimeoutMs: 200 });
    const t = telemetry;
    const failures = recordExportFailures(t, signal);

    expect(placeOrder(t, 3)).toBe('order 3 placed (logged)');
    await expect(t.flush()).resolves.toBeUndefined();
    await waitFor(() => countsOf(t, signal).failed === itemsPerOrder, { timeoutMs: 3000, message: `${signal} export given up on` });
    expect(countsOf(t, signal)).toEqual({ exported: 0, failed: itemsPerOrder, ...dropped });
    expect(t.health().status).toBe('degraded');
    expect(t.health().export.lastError).toMatchObject({ signal, message: 'the exporter did not answer within 200 ms' });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ count: itemsPerOrder, metadata: { signal, endpoint: url } });
  });

  it('shuts down within its budget while the receiver hangs, and counts the export still waiting as failed', async () => {
    receiver = await startOtlpReceiver('hang');
    // The exporter's own timeout (5 s) is far longer than the shutdown budget (500 ms).
    telemetry = exportingOnly(entry, `${receiver.baseUrl}${path}`, { timeoutMs: 5000 });
    const t = telemetry;

    expect(placeOrder(t, 4)).toBe('order 4 placed (logged)');
    const started = performance.now();
    await t.shutdown({ timeoutMs: 500 });
    const elapsed = performance.now() - started;
    expect(elapsed, `shutdown took ${Math.round(elapsed)} ms with a 500 ms budget`).toBeLessThan(2500);
    expect(elapsed, 'the budget, not the exporter, ended the wait').toBeGreaterThanOrEqual(450);
    expect(receiver.requestsTo(path)).toHaveLength(1);
    expect(t.health().status).toBe('shutdown');
    expect(countsOf(t, signal)).toEqual({ exported: 0, failed: itemsPerOrder, ...dropped });
    expect(t.health().export.lastError).toMatchObject({ signal, message: expect.stringMatching(/budget of 500 ms ran out/) });
    // After shutdown the application still runs; its events are counted as dropped.
    expect(placeOrder(t, 5)).toBe('order 5 placed (not logged)');
  });

  it('counts what is sent to a port where nothing listens, and reports the refused connection once', async () => {
    const url = await closedPortUrl(path);
    telemetry = exportingOnly(entry, url, { timeoutMs: 500 });
    const failures = recordExportFailures(telemetry, signal);

    expect(placeOrder(telemetry, 6)).toBe('order 6 placed (logged)');
    await expect(telemetry.flush()).resolves.toBeUndefined();
    expect(countsOf(telemetry, signal)).toEqual({ exported: 0, failed: itemsPerOrder, ...dropped });
    expect(telemetry.health().status).toBe('degraded');
    const port = new URL(url).port;
    expect(telemetry.health().export.lastError).toMatchObject({ signal, message: `ECONNREFUSED 127.0.0.1:${port}` });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ count: itemsPerOrder, metadata: { signal, endpoint: url, error: { code: 'ECONNREFUSED' } } });

    expect(placeOrder(telemetry, 7)).toBe('order 7 placed (logged)');
    await telemetry.flush();
    expect(countsOf(telemetry, signal)).toEqual({ exported: 0, failed: failedAfterSecondOrder, ...dropped });
    expect(failures, 'a second refusal is counted, not announced').toHaveLength(1);
  });
});

describe('three signals and one hanging collector', () => {
  it('shuts the three pipelines down side by side within one budget, counting each waiting export as failed', async () => {
    receiver = await startOtlpReceiver('hang');
    telemetry = createTelemetry({
      exporter: 'otlp',
      otlp: { url: receiver.tracesUrl, timeoutMs: 5000 },
      metrics: { definitions: [counter('order.placed.count')] },
      clock: createManualClock(),
      warnings: false,
    });
    const t = telemetry;
    expect(t.withSpan('order.place', () => placeOrder(t, 8))).toBe('order 8 placed (logged)');

    const started = performance.now();
    await t.shutdown({ timeoutMs: 800 });
    const elapsed = performance.now() - started;
    // One budget for all three, not one each (that would take 2400 ms).
    expect(elapsed, `shutdown took ${Math.round(elapsed)} ms with an 800 ms budget`).toBeLessThan(2000);
    expect(receiver.requests.map((request) => request.path).sort()).toEqual(['/v1/logs', '/v1/metrics', '/v1/traces']);
    const { export: spans, logs, metrics } = t.health();
    expect({ spans: spans.failed, logs: logs.failed, metrics: metrics.failed }).toEqual({ spans: 1, logs: 1, metrics: 1 });
    expect(spans.lastError?.message).toMatch(/budget of 800 ms ran out/);
  });
});
