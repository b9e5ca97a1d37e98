// Run by .ci/check-sdk3.sh (see passedProviders.test.mjs): the NodeSDK of the 3.x line
// registers the providers, and `'global'` picks each of them.
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createTelemetry } from 'foundation-telemetry';
import { CollectingReader, exerciseAllSignals } from './signals.mjs';

test("NodeSDK 3 registered globally: 'global' picks its tracer, logger and meter providers", async () => {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const reader = new CollectingReader();
  const sdk = new NodeSDK({
    serviceName: 'sdk3-consumer',
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
    logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: logExporter })],
    metricReaders: [reader],
    instrumentations: [],
  });
  sdk.start();

  await exerciseAllSignals({
    label: 'global',
    options: { tracerProvider: 'global', loggerProvider: 'global', meterProvider: 'global' },
    createTelemetry,
    tracer: () => trace.getTracer('sdk3-consumer'),
    spans: () => spanExporter.getFinishedSpans(),
    logRecords: () => logExporter.getFinishedLogRecords(),
    collect: () => reader.collect(),
  });
  await sdk.shutdown();
});
