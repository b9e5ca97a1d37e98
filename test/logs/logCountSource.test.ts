import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { ExportResultCode } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createTelemetry } from '../../src/index.js';
import { make } from '../support/testInstances.js';

const logCounts = (records: Array<{ eventName: string | undefined; attributes: Record<string, unknown> }>, eventName: string): number[] =>
  records.filter((record) => record.eventName === eventName).map((record) => record.attributes.log_count as number);

describe('log_count comes from the dedup window, not from the caller', () => {
  it('ignores a suppressed field the application put in its own metadata', () => {
    // No flush comes between the calls, so the suppressed occurrence is counted by the next one.
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 60_000 } });
    t.emitEvent('db.error', {}, { suppressed: 3 });
    t.emitEvent('db.error', {}, { dedupKey: 'k', suppressed: 5 });
    t.emitEvent('db.error', {}, { dedupKey: 'k' }); // suppressed
    t.clock.advance(1000);
    t.emitEvent('db.error', {}, { dedupKey: 'k', suppressed: 9 }); // carries the one suppressed before it
    // Four calls, four occurrences counted: 1 + 1 + (1 + 1), whatever the metadata said.
    expect(logCounts(t.logs(), 'db.error')).toEqual([1, 1, 2]);
    expect(logCounts(t.logs(), 'db.error').reduce((sum, count) => sum + count, 0)).toBe(4);
  });
});

describe("logs.events: 'none'", () => {
  it('builds no log pipeline: the exporter is never used, not even shut down', async () => {
    const calls: string[] = [];
    const exporter: LogRecordExporter = {
      export: (_records, done) => {
        calls.push('export');
        done({ code: ExportResultCode.SUCCESS });
      },
      shutdown: async () => void calls.push('shutdown'),
      forceFlush: async () => void calls.push('forceFlush'),
    };
    const telemetry = createTelemetry({ logs: { events: 'none', exporter }, warnings: false, flushOnExit: false });
    telemetry.emitEvent('db.error', {}, { dedupKey: 'k' });
    await telemetry.flush();
    await telemetry.shutdown();
    expect(calls).toEqual([]);
    expect(telemetry.health().logs).toEqual({ exported: 0, failed: 0, dropped: 0 });
  });
});
