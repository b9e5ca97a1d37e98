import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry, type TelemetryOptions } from '../../src/index.js';
import { createManualClock, recordTelemetry, waitForEvent, type TelemetryRecording } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { make, tick } from '../support/testInstances.js';

// Instances made the way an application makes its module-level one: createTelemetry.
const instances: Telemetry[] = [];
const recordings: TelemetryRecording[] = [];
afterEach(async () => {
  for (const recording of recordings.splice(0)) recording.stop();
  await Promise.all(instances.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function application(options: TelemetryOptions = {}): Telemetry {
  const telemetry = createTelemetry({ serviceName: 'app', flushOnExit: false, warnings: false, clock: createManualClock(), ...options });
  instances.push(telemetry);
  return telemetry;
}

function record(telemetry: Telemetry): TelemetryRecording {
  const recording = recordTelemetry(telemetry);
  recordings.push(recording);
  return recording;
}

describe('recordTelemetry', () => {
  it('records the spans, events and log records of an instance made by createTelemetry, from the call on', async () => {
    const exporter = new InMemorySpanExporter();
    const telemetry = application({ exporter, spanProcessor: 'simple', logs: { exporter: 'memory' } });
    telemetry.withSpan('before.recording', () => telemetry.emitEvent('job.queued'));

    const recording = record(telemetry);
    await telemetry.withSpan('job.run', { 'job.id': 7 }, async () => {
      await telemetry.withSpan('db.query', async () => tick());
      telemetry.emitEvent('job.done', { attempts: 1 }, { jobId: 7, severity: 'warn' });
    });

    expect(recording.spans().map((span) => span.name)).toEqual(['db.query', 'job.run']);
    expect(recording.spanTree()).toMatchObject([{ name: 'job.run', attributes: { 'job.id': 7 }, children: [{ name: 'db.query', children: [] }] }]);
    expect(recording.events().map(({ event }) => event.join('.'))).toEqual([
      'span.start',
      'span.start',
      'span.stop',
      'job.done',
      'span.stop',
    ]);
    expect(recording.events('job.done')).toMatchObject([{ measurements: { attempts: 1 }, metadata: { jobId: 7 } }]);
    const jobRun = recording.spans()[1];
    expect(recording.logs()).toEqual([
      {
        eventName: 'job.done',
        severityText: 'warn',
        body: 'job.done',
        attributes: expect.objectContaining({ attempts: 1, jobId: 7, log_count: 1 }),
        traceId: jobRun?.spanContext().traceId,
        spanId: jobRun?.spanContext().spanId,
      },
    ]);
    // The application's own pipeline still gets every span.
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['before.recording', 'db.query', 'job.run']);
  });

  it('is accepted by the matchers and by waitForEvent, which sees later events as they come', async () => {
    const telemetry = application();
    const recording = record(telemetry);
    const waiting = waitForEvent(recording, 'order.placed', { where: (e) => e.metadata.orderId === 'o-2', timeoutMs: 5000 });
    setImmediate(() =>
      telemetry.withSpan('POST /orders', () =>
        telemetry.withSpan('checkout.charge', () => {
          telemetry.emitEvent('order.placed', {}, { orderId: 'o-1' });
          telemetry.emitEvent('order.placed', {}, { orderId: 'o-2' });
        }),
      ),
    );

    await expect(waiting).resolves.toMatchObject({ metadata: { orderId: 'o-2' } });
    expect(recording).toHaveSpan('checkout.charge', { parent: 'POST /orders', status: 'unset' });
    expect(recording).toHaveEmitted('order.placed', { times: 2 });
    expect(recording).not.toHaveEmitted('order.cancelled');
  });

  it('stops recording at stop(), keeps what it recorded, and leaves the instance as it was', () => {
    const telemetry = application();
    const cacheMiss = telemetry.event('cache.miss');
    expect(cacheMiss.hasHandlers(), 'nobody listens before the recording').toBe(false);
    const recording = record(telemetry);
    expect(cacheMiss.hasHandlers(), 'the recording listens').toBe(true);
    telemetry.withSpan('while.recording', () => telemetry.execute('cache.miss'));
    recording.stop();
    recording.stop();
    telemetry.withSpan('after.stop', () => telemetry.execute('cache.miss'));

    expect(recording.spans().map((span) => span.name)).toEqual(['while.recording']);
    expect(recording.events('cache.miss')).toHaveLength(1);
    expect(telemetry.handlers()).toEqual([]);
    expect(cacheMiss.hasHandlers(), 'nobody listens after stop()').toBe(false);
    expect(telemetry.health().events.executed).toBe(2);
  });

  it('reset() forgets what was recorded and recording goes on; two recordings are independent', () => {
    const telemetry = application();
    const first = record(telemetry);
    telemetry.withSpan('one', () => undefined);
    const second = record(telemetry);
    telemetry.withSpan('two', () => undefined);
    first.reset();
    telemetry.withSpan('three', () => undefined);

    expect(first.spans().map((span) => span.name)).toEqual(['three']);
    expect(first.events('span.stop')).toHaveLength(1);
    expect(second.spans().map((span) => span.name)).toEqual(['two', 'three']);
  });

  it('records a test telemetry too, alongside its own recording', () => {
    const t = make();
    t.execute('before');
    const recording = record(t);
    t.execute('after');
    expect(recording.events().map(({ event }) => event.join('.'))).toEqual(['after']);
    expect(t.events().map(({ event }) => event.join('.'))).toEqual(['before', 'after']);
  });

  it('refuses what is not an instance, naming itself', () => {
    expect(() => recordTelemetry(undefined as unknown as Telemetry)).toThrow(
      new TypeError('recordTelemetry: telemetry must be an instance made by createTelemetry(), got undefined'),
    );
    expect(() => recordTelemetry({} as Telemetry)).toThrow(/recordTelemetry: telemetry must be an instance made by createTelemetry\(\), got an object/);
  });
});
