import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
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

/** Shutdown with a 1000 ms budget; returns how long it took. */
async function timedShutdown(t: Telemetry): Promise<number> {
  const started = performance.now();
  await t.shutdown({ timeoutMs: 1000 });
  return performance.now() - started;
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

    expect(await timedShutdown(telemetry)).toBeLessThan(1500);
  });

  it('shuts down within the budget while the receiver hangs, then counts the timed-out export', async () => {
    receiver = await startOtlpReceiver('hang');
    // The exporter's own timeout (2 s) is longer than the shutdown budget (1 s).
    telemetry = createTelemetry({ exporter: 'otlp-proto', otlp: { url: receiver.tracesUrl, timeoutMs: 2000 }, warnings: false });

    expect(await handleOrder(telemetry, 3)).toBe('order 3 costs 30');
    const elapsed = await timedShutdown(telemetry);
    expect(elapsed).toBeLessThan(3000);
    expect(elapsed).toBeGreaterThanOrEqual(900); // the budget, not the exporter, ended the wait
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
    expect(await timedShutdown(telemetry)).toBeLessThan(1500);
  });
});
