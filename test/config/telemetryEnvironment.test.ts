import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { diag, DiagLogLevel, trace, TraceFlags } from '@opentelemetry/api';
import { InMemoryLogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counter, createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { createManualClock } from '../../src/testing/index.js';
import { decodeSpans } from '../e2e/support/otlpDecode.js';
import { startOtlpReceiver, type OtlpReceiver } from '../e2e/support/otlpReceiver.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const created: Telemetry[] = [];
let receiver: OtlpReceiver | undefined;

function make(options: TelemetryOptions): Telemetry {
  const telemetry = createTelemetry({ flushOnExit: false, ...options });
  created.push(telemetry);
  return telemetry;
}

afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 1000 })));
  await receiver?.close();
  receiver = undefined;
  vi.unstubAllEnvs();
  diag.disable();
});

describe('OTEL_SDK_DISABLED=true', () => {
  it('exports nothing and registers nothing, over the options; the bus and error context keep working', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    const spans = new InMemorySpanExporter();
    const logs = new InMemoryLogRecordExporter();
    const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const telemetry = make({
      serviceName: 'checkout',
      exporter: spans,
      spanProcessor: 'simple',
      registerGlobal: true,
      logs: { exporter: logs, events: 'all' },
      metrics: { exporter: metrics, definitions: [counter('job.done.count')] },
      clock: createManualClock(),
    });
    const seen: string[] = [];
    telemetry.attach('seen', ['job', 'done'], (event) => seen.push(event.join('.')));

    const result = await telemetry.withContext({ requestId: 'r-1' }, () =>
      telemetry.withSpan('job', (span) => {
        telemetry.execute('job.done', { count: 1 });
        telemetry.emitEvent('job.done', {}, { dedupKey: 'k' });
        return { recording: span.otelSpan.isRecording(), context: telemetry.getContext(), active: telemetry.activeSpan()?.name };
      }),
    );
    await telemetry.flush();

    expect(result).toEqual({ recording: false, context: { requestId: 'r-1' }, active: 'job' });
    expect(seen).toEqual(['job.done', 'job.done']);
    expect(spans.getFinishedSpans()).toEqual([]);
    expect(logs.getFinishedLogRecords()).toEqual([]);
    expect(metrics.getMetrics()).toEqual([]);
    expect(trace.getTracer('other').startSpan('x').isRecording()).toBe(false);
    expect(telemetry.health()).toMatchObject({ status: 'ok', export: { exported: 0, failed: 0, dropped: 0 }, metrics: { recorded: 0 } });
    expect(telemetry.describe()).toContain('sdk=disabled');
    expect(telemetry.config.exporter).toBe('none');
  });

  it('keeps a trace passing through: a remote parent is carried by the non-recording span', () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'TRUE');
    const telemetry = make({ exporter: 'memory' });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const carried = telemetry.extract({ traceparent }, () => telemetry.withSpan('handler', () => telemetry.inject({})));
    expect(carried.traceparent).toBe(traceparent);
  });
});

describe('the providers and exporters the instance builds do not read the environment again', () => {
  it('logs no OpenTelemetry diagnostic for OTEL_TRACES_SAMPLER=ALWAYS_OFF, and samples by it', () => {
    const messages: string[] = [];
    const keep = (message: string) => messages.push(message);
    diag.setLogger({ error: keep, warn: keep, info: keep, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.INFO);
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'ALWAYS_OFF');
    const spans = new InMemorySpanExporter();
    const telemetry = make({ exporter: spans, spanProcessor: 'simple' });
    const sampled = telemetry.withSpan('job', (span) => (span.otelSpan.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0);

    expect(sampled).toBe(false);
    expect(telemetry.config.sampler).toEqual({ ratio: 0, parentBased: false });
    expect(messages).toEqual([]);
    // The variable is back once the instance is built.
    expect(process.env.OTEL_TRACES_SAMPLER).toBe('ALWAYS_OFF');
  });

  it('sends the headers of the options alone, not merged with OTEL_EXPORTER_OTLP_HEADERS', async () => {
    receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-from-env=1');
    const telemetry = make({ exporter: 'otlp', otlp: { url: receiver.tracesUrl, headers: { 'x-from-option': '2' } } });
    telemetry.withSpan('job', () => undefined);
    await telemetry.flush();
    const [request] = await receiver.waitForRequests(1);
    expect(request?.headers['x-from-option']).toBe('2');
    expect(request?.headers['x-from-env']).toBeUndefined();
  });

  it('exports without an environment header that Node cannot send, instead of failing every export', async () => {
    receiver = await startOtlpReceiver();
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', receiver.baseUrl);
    vi.stubEnv('OTEL_EXPORTER_OTLP_HEADERS', 'x-ok=1,x-euro=%E2%82%AC,my%20key=v,x-crlf=a%0D%0Ab');
    const telemetry = make({ warnings: false });
    expect(telemetry.config.warnings).toHaveLength(3);
    telemetry.withSpan('job', () => undefined);
    await telemetry.flush();
    const [request] = await receiver.waitForRequests(1);
    expect(request?.headers['x-ok']).toBe('1');
    expect(request?.headers['x-euro']).toBeUndefined();
    expect(request?.contentType).toBe('application/x-protobuf');
    expect(decodeSpans(request!).map((span) => span.name)).toEqual(['job']);
    expect(telemetry.health().export).toMatchObject({ exported: 1, failed: 0 });
  });
});

describe('warnings about the environment', () => {
  it('are written to stderr once at creation, unless warnings: false; config.warnings lists them either way', () => {
    const script = `
      import { createTelemetry } from './src/index.ts';
      const loud = createTelemetry({ flushOnExit: false });
      process.stderr.write('--- quiet:\\n');
      const quiet = createTelemetry({ flushOnExit: false, warnings: false });
      console.log(JSON.stringify([loud.config.warnings, quiet.config.warnings]));
      await Promise.all([loud.shutdown(), quiet.shutdown()]);
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc', OTEL_TRACES_EXPORTER: 'jaeger' },
    });
    expect(child.status, child.stderr).toBe(0);
    const sampler = "environment variable OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got 'abc': ignored, the default applies";
    const exporter = "environment variable OTEL_TRACES_EXPORTER must be a comma-separated list of otlp, console, none, got 'jaeger': ignored, the default applies";
    expect(child.stderr).toBe(`foundation-telemetry: ${exporter}.\nfoundation-telemetry: ${sampler}.\n--- quiet:\n`);
    expect(JSON.parse(child.stdout)).toEqual([
      [exporter, sampler],
      [exporter, sampler],
    ]);
  });
});
