// Run by .ci/check-sdk3.sh in a project that installed the packed package beside
// @opentelemetry/api 1.10 and the 3.x SDK packages, on Node >= 22.15: providers of the
// 3.x line passed in carry spans, log records and metrics, parented and counted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { createTelemetry } from 'foundation-telemetry';
import { CollectingReader, exerciseAllSignals } from './signals.mjs';

test('SDK 3 providers passed in: spans, log records and metrics arrive, parented and counted', async () => {
  const spanExporter = new InMemorySpanExporter();
  const logExporter = new InMemoryLogRecordExporter();
  const reader = new CollectingReader();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })] });
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  const meterProvider = new MeterProvider({ readers: [reader] });

  await exerciseAllSignals({
    label: 'passed in',
    options: { tracerProvider, loggerProvider, meterProvider },
    createTelemetry,
    tracer: () => tracerProvider.getTracer('sdk3-consumer'),
    spans: () => spanExporter.getFinishedSpans(),
    logRecords: () => logExporter.getFinishedLogRecords(),
    collect: () => reader.collect(),
  });
  // The providers stay the application's: shutdown() flushed them and left them running.
  assert.equal(trace.getTracerProvider().getTracer('x').startSpan('after').isRecording(), false, 'no global was registered');
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
});
