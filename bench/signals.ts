// Rows 10-11: events exported as OpenTelemetry log records and counted by metric
// definitions, against raw OpenTelemetry doing the equivalent on the same SDK line: a
// `logger.emit` of the same record through the same batch processor, and a
// `counter.add(1, attrs)` on a meter read by the same kind of reader. The exporters drop
// everything (and answer at once), so the rows compare the in-process cost.

import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';

const LOGGED = 'bench.logged';
const COUNTED = ['bench', 'counted'] as const;
const MEASUREMENTS = { durationMs: 3 };
const METADATA = { table: 'orders' };
const LOG_QUEUE_SIZE = 1 << 20;

function droppingLogExporter(): LogRecordExporter {
  return {
    export(_records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
      resultCallback({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function droppingMetricExporter(): PushMetricExporter {
  return {
    export(_metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
      resultCallback({ code: ExportResultCode.SUCCESS });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
    selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  };
}

export async function signalComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const unavailable = lib instanceof Error ? lib.message : undefined;

  // Raw OpenTelemetry, as a user would write it for the same record and the same count.
  // Both log pipelines get a queue that a timed sample cannot fill: the batch processor
  // exports one batch at a time, after a turn of the event loop, so a queue of the default
  // size would measure the cost of dropping records instead of exporting them.
  const loggerProvider = new LoggerProvider({
    processors: [new BatchLogRecordProcessor({ exporter: droppingLogExporter(), maxQueueSize: LOG_QUEUE_SIZE })],
  });
  const logger = loggerProvider.getLogger('bench');
  const meterProvider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: droppingMetricExporter(), exportIntervalMillis: 60_000 })],
  });
  const counter = meterProvider.getMeter('bench').createCounter('bench.counted.count');

  const logCandidates: Candidate[] = [
    {
      name: 'raw logger.emit',
      op: () =>
        logger.emit({
          eventName: LOGGED,
          timestamp: Date.now(),
          severityNumber: SeverityNumber.INFO,
          severityText: 'info',
          body: LOGGED,
          attributes: { durationMs: 3, table: 'orders', log_count: 1 },
        }),
    },
  ];
  const metricCandidates: Candidate[] = [{ name: 'raw counter.add', op: () => counter.add(1, { table: 'orders' }) }];

  const instances =
    lib instanceof Error
      ? []
      : [
          lib.createTelemetry({
            serviceName: 'bench',
            logs: { exporter: droppingLogExporter(), batch: { maxQueueSize: LOG_QUEUE_SIZE } },
            warnings: false,
            flushOnExit: false,
          }),
          lib.createTelemetry({
            serviceName: 'bench',
            metrics: {
              definitions: [lib.counter('bench.counted.count', { tags: ['table'] })],
              exporter: droppingMetricExporter(),
              intervalMs: 60_000,
            },
            warnings: false,
            flushOnExit: false,
          }),
        ];
  const [logging, metering] = instances;
  if (logging && metering) {
    logCandidates.push({ name: 'emitEvent as log record', op: () => logging.emitEvent(LOGGED, MEASUREMENTS, METADATA) });
    metricCandidates.push({ name: 'execute counted', op: () => metering.execute(COUNTED, MEASUREMENTS, METADATA) });
  }

  try {
    return [
      ...(await measure(
        {
          group: '10',
          candidates: logCandidates,
          pairs: [
            {
              label: 'emitEvent exported as a log record',
              ours: 'emitEvent as log record',
              baseline: 'raw logger.emit',
              target: { maxRatio: 1.2, inclusive: true },
            },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '11',
          candidates: metricCandidates,
          pairs: [
            {
              label: 'execute counted by a counter with one tag',
              ours: 'execute counted',
              baseline: 'raw counter.add',
              target: { maxRatio: 1.2, inclusive: true },
            },
          ],
        },
        settings,
        unavailable,
      )),
    ];
  } finally {
    await Promise.all([...instances.map((instance) => instance.shutdown()), loggerProvider.shutdown(), meterProvider.shutdown()]);
  }
}
