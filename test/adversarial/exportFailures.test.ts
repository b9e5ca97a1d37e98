import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { closedPortUrl, startOtlpReceiver, type OtlpReceiver } from '../e2e/support/otlpReceiver.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const closedCollectorScript = fileURLToPath(new URL('./fixtures/closedCollector.ts', import.meta.url));

let telemetry: Telemetry | undefined;
let receiver: OtlpReceiver | undefined;

afterEach(async () => {
  await telemetry?.shutdown({ timeoutMs: 200 });
  await receiver?.close();
  telemetry = undefined;
  receiver = undefined;
});

/** An exporter that takes every batch and never answers. */
function silentExporter(): SpanExporter & { batches: ReadableSpan[][] } {
  const batches: ReadableSpan[][] = [];
  return {
    batches,
    export: (spans: ReadableSpan[], _done: (result: ExportResult) => void) => void batches.push(spans),
    shutdown: () => Promise.resolve(),
  };
}

interface Announced {
  count: number;
  metadata: Record<string, unknown>;
}

function recordFailures(t: Telemetry): Announced[] {
  const announced: Announced[] = [];
  t.attach('export-failures', 'telemetry.export.failure', (_event, { count }, metadata) => void announced.push({ count: count ?? 0, metadata }));
  return announced;
}

describe('an exporter that never answers', () => {
  it.each(['batch', 'simple'] as const)('counts the spans given up on as failed, with the %s processor, and turns degraded', async (spanProcessor) => {
    const exporter = silentExporter();
    telemetry = createTelemetry({ exporter, spanProcessor, batch: { scheduledDelayMs: 10, exportTimeoutMs: 100 }, warnings: false });
    const t = telemetry;
    const announced = recordFailures(t);
    for (let i = 0; i < 3; i++) t.withSpan('job', () => i);
    expect(t.health().status).toBe('ok');

    await waitFor(() => t.health().export.failed === 3, { timeoutMs: 3000, message: 'three spans counted as failed' });
    const { export: exportHealth, status } = t.health();
    expect(exportHealth, `after the export timeout: ${JSON.stringify(exportHealth)}`).toMatchObject({ exported: 0, failed: 3, dropped: 0 });
    expect(status).toBe('degraded');
    expect(exportHealth.lastError).toMatchObject({ signal: 'traces', message: 'the exporter did not answer within 100 ms' });
    // One kind of failure, announced once, whatever the number of exports it hit.
    expect(announced).toHaveLength(1);
    expect(announced[0]?.metadata).toMatchObject({ signal: 'traces', endpoint: undefined });
    expect(exporter.batches.flat()).toHaveLength(3);
  });

  it('counts what a spent shutdown budget leaves queued as dropped and in flight as failed', async () => {
    const exporter = silentExporter();
    telemetry = createTelemetry({
      exporter,
      batch: { scheduledDelayMs: 60_000, maxExportBatchSize: 2, exportTimeoutMs: 60_000 },
      warnings: false,
    });
    for (let i = 0; i < 5; i++) telemetry.withSpan('job', () => i);
    await telemetry.shutdown({ timeoutMs: 100 });
    const { exported, failed, dropped } = telemetry.health().export;
    // Every span is accounted for: those handed to the exporter failed, the rest never left the queue.
    const handedOff = exporter.batches.flat().length;
    expect(exported + failed + dropped, `exported ${exported}, failed ${failed}, dropped ${dropped}`).toBe(5);
    expect(failed).toBe(handedOff);
    expect(dropped).toBe(5 - handedOff);
  });
});

it('announces a failure found while shutting down, and does not count it as a dropped event', async () => {
  const exporter = silentExporter();
  telemetry = createTelemetry({ exporter, batch: { scheduledDelayMs: 60_000, exportTimeoutMs: 60_000 }, warnings: false });
  const announced = recordFailures(telemetry);
  telemetry.withSpan('last', () => undefined);
  await telemetry.shutdown({ timeoutMs: 50 });
  expect(announced.map(({ metadata }) => metadata.signal)).toEqual(['traces']);
  expect(String((announced[0]?.metadata.error as Error).message)).toContain("shutdown's budget of 50 ms ran out");
  expect(telemetry.health().events.dropped).toBe(0);
});

describe('a collector that refuses', () => {
  it('reports HTTP 401 with the status, once, and counts every refused span', async () => {
    receiver = await startOtlpReceiver('unauthorized');
    telemetry = createTelemetry({ exporter: 'otlp', otlp: { url: receiver.tracesUrl, timeoutMs: 2000 }, warnings: false });
    const t = telemetry;
    const announced = recordFailures(t);
    for (let round = 0; round < 2; round++) {
      await t.withSpan('request', async () => round);
      await t.flush();
    }
    expect(t.health().export).toMatchObject({ exported: 0, failed: 2 });
    expect(t.health().export.lastError?.message).toBe('HTTP 401 Unauthorized');
    const tracesFailures = announced.filter(({ metadata }) => metadata.signal === 'traces');
    expect(tracesFailures).toEqual([{ count: 1, metadata: expect.objectContaining({ signal: 'traces', endpoint: receiver.tracesUrl }) }]);
  });

  it('prints one line on stderr per kind of failure, saying what failed and what to check', async () => {
    const url = await closedPortUrl();
    const run = spawnSync(process.execPath, ['--import', 'tsx', closedCollectorScript, url], { cwd: repoRoot, encoding: 'utf8', timeout: 20_000 });
    expect(run.status, run.stderr).toBe(0);
    // One line per signal that failed: the spans, and the log records of those failures,
    // sent to the same collector.
    const lines = run.stderr.split('\n').filter((line) => line !== '');
    expect(lines, run.stderr).toHaveLength(2);
    const port = new URL(url).port;
    const logsUrl = url.replace('/v1/traces', '/v1/logs');
    expect(lines[0]).toContain(`traces export to ${url} failed (ECONNREFUSED 127.0.0.1:${port})`);
    expect(lines[1]).toContain(`logs export to ${logsUrl} failed (ECONNREFUSED 127.0.0.1:${port})`);
    for (const line of lines) {
      expect(line).toContain('is the collector running');
      expect(line).toContain('warnings: false');
    }
    const health = JSON.parse(run.stdout) as { exported: number; failed: number; dropped: number };
    expect(health).toMatchObject({ exported: 0, failed: 3, dropped: 0 });
  });

  it('prints nothing with warnings: false, and still counts', async () => {
    const url = await closedPortUrl();
    const run = spawnSync(process.execPath, ['--import', 'tsx', closedCollectorScript, url], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, WARNINGS: 'false' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ exported: 0, failed: 3 });
  });
});

describe('a full span queue', () => {
  it('reports the first dropped span with what to change, and counts the rest', async () => {
    const exporter = silentExporter();
    telemetry = createTelemetry({
      exporter,
      batch: { scheduledDelayMs: 60_000, maxQueueSize: 4, maxExportBatchSize: 4, exportTimeoutMs: 60_000 },
      warnings: false,
    });
    const announced = recordFailures(telemetry);
    for (let i = 0; i < 10; i++) telemetry.withSpan('burst', () => i);
    const { export: exportHealth, status } = telemetry.health();
    // The processor hands a full batch to the exporter at once and queues 4 more: the rest is dropped.
    const handedOff = exporter.batches.flat().length;
    expect(exportHealth.dropped, `${JSON.stringify(exportHealth)}, ${handedOff} handed off`).toBe(10 - handedOff - 4);
    expect(status).toBe('degraded');
    expect(exportHealth.lastError?.message).toContain('queue of 4 spans was full');
    expect(announced).toHaveLength(1);
    expect(announced[0]?.count).toBe(1);
  });
});

it('answers the simple processor for an export given up on, so its flush does not wait forever', async () => {
  const pending: Array<(result: ExportResult) => void> = [];
  const exporter: SpanExporter = { export: (_spans, done) => void pending.push(done), shutdown: () => Promise.resolve() };
  telemetry = createTelemetry({ exporter, spanProcessor: 'simple', batch: { exportTimeoutMs: 50 }, warnings: false });
  telemetry.withSpan('one', () => undefined);
  await telemetry.flush();
  expect(telemetry.health().export).toMatchObject({ exported: 0, failed: 1 });
  // The exporter answering after the timeout changes no count.
  pending[0]?.({ code: ExportResultCode.SUCCESS });
  expect(telemetry.health().export).toMatchObject({ exported: 0, failed: 1 });
});
