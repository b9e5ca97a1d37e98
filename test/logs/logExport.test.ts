import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { logs, type LoggerProvider as LoggerProviderApi } from '@opentelemetry/api-logs';
import {
  BatchLogRecordProcessor,
  InMemoryLogRecordExporter,
  LoggerProvider,
  SimpleLogRecordProcessor,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { KeepingLogExporter, createManualClock } from '../../src/testing/index.js';
import { tick } from '../support/testInstances.js';

const created: Telemetry[] = [];
const providers: LoggerProvider[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
  await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  logs.disable();
});

function telemetryWith(options: TelemetryOptions): Telemetry {
  const telemetry = createTelemetry({ clock: createManualClock(), warnings: false, flushOnExit: false, ...options });
  created.push(telemetry);
  return telemetry;
}

/** A provider the test owns, exporting to `exporter` through `processor`. */
function ownProvider(processor: LogRecordProcessor): LoggerProvider {
  const provider = new LoggerProvider({ processors: [processor] });
  providers.push(provider);
  return provider;
}

/** An exporter that answers every export with `code`, and remembers how many records it was handed. */
function answering(code: ExportResultCode): LogRecordExporter & { handed: number } {
  const exporter = {
    handed: 0,
    export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
      exporter.handed += records.length;
      done(code === ExportResultCode.SUCCESS ? { code } : { code, error: new Error('collector refused the records') });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  return exporter;
}

const names = (records: readonly ReadableLogRecord[]): Array<string | undefined> => records.map((record) => record.eventName);

describe('health().logs', () => {
  it('has exactly exported, failed and dropped', () => {
    const telemetry = telemetryWith({});
    expect(Object.keys(telemetry.health().logs).sort()).toEqual(['dropped', 'exported', 'failed']);
    expect(telemetry.health().logs).toEqual({ exported: 0, failed: 0, dropped: 0 });
  });

  it("counts the records the 'memory' exporter took", () => {
    const telemetry = telemetryWith({ exporter: 'memory' });
    expect(telemetry.config.logs).toMatchObject({ exporter: 'memory', processor: 'simple' });
    telemetry.emitEvent('job.done');
    telemetry.emitEvent('job.done');
    telemetry.captureError(new Error('x'));
    expect(telemetry.health().logs).toEqual({ exported: 3, failed: 0, dropped: 0 });
  });

  it('counts what a custom exporter accepted, and what it refused as failed', async () => {
    const accepting = answering(ExportResultCode.SUCCESS);
    const ok = telemetryWith({ logs: { exporter: accepting, processor: 'simple' } });
    ok.emitEvent('job.done');
    ok.emitEvent('job.done');
    expect(ok.health().logs).toEqual({ exported: 2, failed: 0, dropped: 0 });

    const refusing = answering(ExportResultCode.FAILED);
    const failing = telemetryWith({ logs: { exporter: refusing, processor: 'simple' } });
    failing.emitEvent('job.done');
    failing.emitEvent('job.done');
    await tick();
    // The first failure is announced, and logged, once: that record fails too.
    expect(refusing.handed).toBe(3);
    expect(failing.health().logs).toEqual({ exported: 0, failed: 3, dropped: 0 });
    expect(failing.health().status).toBe('degraded');
    expect(failing.health().export.lastError).toMatchObject({ signal: 'logs', message: expect.stringContaining('collector refused the records') });
  });

  it("counts as dropped what the batch processor's full queue refused", async () => {
    const accepting = answering(ExportResultCode.SUCCESS);
    const telemetry = telemetryWith({
      logs: { exporter: accepting, processor: 'batch', batch: { maxQueueSize: 2, maxExportBatchSize: 2, scheduledDelayMs: 60_000 } },
    });
    for (let index = 0; index < 5; index++) telemetry.emitEvent('job.done', { index });
    await telemetry.flush();
    const { exported, failed, dropped } = telemetry.health().logs;
    expect(dropped).toBeGreaterThan(0);
    expect(failed).toBe(0);
    expect(exported).toBe(accepting.handed);
    // Five occurrences and the announcement of the first drop: each exported or dropped.
    expect(exported + dropped).toBe(6);
  });
});

describe('flush() and shutdown() drain the events into log records first', () => {
  it('flush(): a batch and an occurrence emitted before it are exported records once it resolves', async () => {
    const records = new KeepingLogExporter();
    const telemetry = telemetryWith({ logs: { exporter: records, processor: 'batch', batch: { scheduledDelayMs: 60_000 } } });
    telemetry.emitBatched('cache.miss', 1, { batchKey: 'users' });
    telemetry.emitEvent('job.done');
    expect(records.records()).toEqual([]);
    await telemetry.flush();
    expect(names(records.records())).toEqual(['job.done', 'cache.miss']);
    expect(telemetry.health().logs.exported).toBe(2);
  });

  it('shutdown(): pending batches and summaries are exported records within the budget', async () => {
    const records = new KeepingLogExporter();
    const telemetry = telemetryWith({ logs: { exporter: records, processor: 'batch', batch: { scheduledDelayMs: 60_000 } } });
    telemetry.emitEvent('db.error', {}, { dedupKey: 'q1' });
    telemetry.emitEvent('db.error', {}, { dedupKey: 'q1' });
    telemetry.emitBatched('cache.miss', 2);
    await telemetry.shutdown({ timeoutMs: 1000 });
    expect(records.records().map((record) => [record.eventName, record.attributes.log_count])).toEqual([
      ['db.error', 1],
      ['db.error', 1],
      ['cache.miss', 1],
    ]);
    expect(telemetry.health().logs).toEqual({ exported: 3, failed: 0, dropped: 0 });
  });
});

describe('loggerProvider', () => {
  it("sends the records to the provider passed in, under the scope 'foundation-telemetry'", () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = ownProvider(new SimpleLogRecordProcessor({ exporter }));
    const telemetry = telemetryWith({ loggerProvider: provider });
    expect(telemetry.config.logs.exporter).toBe('provider');
    telemetry.withSpan('request', () => telemetry.emitEvent('job.done', { durationMs: 4 }, { severity: 'warn' }));
    const [record] = exporter.getFinishedLogRecords();
    expect(exporter.getFinishedLogRecords()).toHaveLength(1);
    expect(record?.instrumentationScope.name).toBe('foundation-telemetry');
    expect(record).toMatchObject({ eventName: 'job.done', severityText: 'warn', attributes: { durationMs: 4, log_count: 1 } });
    expect(record?.spanContext?.spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('flushes the provider but does not shut it down', async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = ownProvider(new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 }));
    const telemetry = telemetryWith({ loggerProvider: provider });
    telemetry.emitEvent('job.done');
    expect(exporter.getFinishedLogRecords()).toHaveLength(0);
    await telemetry.flush();
    expect(names(exporter.getFinishedLogRecords())).toEqual(['job.done']);

    telemetry.emitBatched('cache.miss');
    await telemetry.shutdown();
    expect(names(exporter.getFinishedLogRecords())).toEqual(['job.done', 'cache.miss']);
    // Still the application's: it logs and exports after the instance is gone.
    provider.getLogger('app').emit({ eventName: 'app.after', body: 'still here' });
    await provider.forceFlush();
    expect(names(exporter.getFinishedLogRecords())).toEqual(['job.done', 'cache.miss', 'app.after']);
  });

  it('keeps the emitter safe from a provider whose processor throws', () => {
    const throwing: LogRecordProcessor = {
      onEmit: () => {
        throw new Error('processor broke');
      },
      forceFlush: () => Promise.resolve(),
      shutdown: () => Promise.resolve(),
    };
    const telemetry = telemetryWith({ loggerProvider: ownProvider(throwing) });
    expect(telemetry.emitEvent('job.done')).toBe(true);
    expect(() => telemetry.captureError(new Error('x'))).not.toThrow();
  });

  it("'global' uses the provider registered with @opentelemetry/api-logs", async () => {
    const exporter = new InMemoryLogRecordExporter();
    const provider = ownProvider(new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 }));
    logs.setGlobalLoggerProvider(provider as LoggerProviderApi);
    const telemetry = telemetryWith({ loggerProvider: 'global' });
    telemetry.emitEvent('job.done', {}, { message: 'through the global provider' });
    await telemetry.flush();
    const [record] = exporter.getFinishedLogRecords();
    expect(record).toMatchObject({ eventName: 'job.done', body: 'through the global provider' });
    expect(record?.instrumentationScope.name).toBe('foundation-telemetry');
  });
});
