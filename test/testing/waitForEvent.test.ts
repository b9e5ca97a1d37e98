import { describe, expect, it } from 'vitest';
import { MANUAL_CLOCK_EPOCH_MS, waitForEvent, type TestTelemetry } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

describe('waitForEvent', () => {
  it('resolves with an event executed before the call', async () => {
    const t = make();
    t.execute('job.done', { attempts: 1 }, { jobId: 7 });
    await expect(waitForEvent(t, 'job.done')).resolves.toEqual({
      event: ['job', 'done'],
      measurements: { attempts: 1 },
      metadata: { jobId: 7 },
      at: MANUAL_CLOCK_EPOCH_MS,
    });
  });

  it('resolves with the first matching event arriving later', async () => {
    const t = make();
    const waiting = waitForEvent(t, ['job', 'done'], { where: (e) => e.metadata.jobId === 2 });
    void Promise.resolve().then(() => {
      t.execute('job.done', {}, { jobId: 1 });
      t.execute('job.started', {}, { jobId: 2 });
      t.execute('job.done', { attempts: 3 }, { jobId: 2 });
      t.execute('job.done', { attempts: 4 }, { jobId: 2 });
    });
    const done = await waiting;
    expect(done.measurements).toEqual({ attempts: 3 });
  });

  it('sees events that clock.advance makes the flusher execute', async () => {
    const t = make({ events: { batchIntervalMs: 100 } });
    const waiting = waitForEvent(t, 'batched.cache.miss');
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.clock.advance(100);
    const batch = await waiting;
    expect(batch.metadata).toMatchObject({ batchKey: 'users', reason: 'interval' });
    expect(batch.at).toBe(MANUAL_CLOCK_EPOCH_MS + 100);
  });

  it('rejects after the timeout with the events seen, by name and metadata keys', async () => {
    const t = make();
    t.execute('job.started', {}, { jobId: 1 });
    t.execute('job.started', {}, { jobId: 2 });
    t.execute('job.done', {}, { jobId: 1, result: 'ok' });
    await expect(waitForEvent(t, 'job.done', { timeoutMs: 10, where: (e) => e.metadata.jobId === 2 })).rejects.toThrow(
      [
        'waitForEvent: no job.done matching `where` within 10ms; 3 events were executed:',
        '  - job.started ×2, metadata keys: [jobId]',
        '  - job.done ×1, metadata keys: [jobId, result]',
      ].join('\n'),
    );
  });

  it('says so when nothing was executed at all', async () => {
    const t = make();
    await expect(waitForEvent(t, 'job.done', { timeoutMs: 0 })).rejects.toThrow(
      'waitForEvent: no job.done within 0ms; no events were executed',
    );
  });

  it('rejects with the error a `where` predicate throws', async () => {
    const t = make();
    const bug = new Error('predicate bug');
    let calls = 0;
    const waiting = waitForEvent(t, 'job.done', {
      where: () => {
        calls += 1;
        throw bug;
      },
    });
    t.execute('job.done');
    await expect(waiting).rejects.toBe(bug);
    // The failed wait unsubscribed: later events do not reach its predicate.
    t.execute('job.done');
    expect(calls).toBe(1);
  });

  it('accepts any object with events(), reading it again until the event arrives', async () => {
    const t = make();
    const wrapper = { events: () => t.events() };
    t.execute('job.started', {}, { jobId: 1 });
    await expect(waitForEvent(wrapper, 'job.started')).resolves.toMatchObject({ metadata: { jobId: 1 } });

    const waiting = waitForEvent(wrapper, 'job.done', { where: (e) => e.metadata.jobId === 1 });
    setTimeout(() => t.execute('job.done', { attempts: 2 }, { jobId: 1 }), 15);
    await expect(waiting).resolves.toMatchObject({ measurements: { attempts: 2 } });

    await expect(waitForEvent(wrapper, 'job.failed', { timeoutMs: 30 })).rejects.toThrow(
      'waitForEvent: no job.failed within 30ms; 2 events were executed:',
    );
  });

  it('throws a TypeError for a plain object, a bad name or a bad option', () => {
    expect(() => waitForEvent(null as never, 'job.done')).toThrow(
      'waitForEvent: telemetry must be a telemetry made by createTestTelemetry(), a recordTelemetry() recording, or an object with an events() method, got null',
    );
    const t = make();
    expect(() => waitForEvent({} as TestTelemetry, 'job.done')).toThrow(
      /waitForEvent: telemetry must be a telemetry made by createTestTelemetry\(\)/,
    );
    expect(() => waitForEvent(t, ['job', ''])).toThrow(/waitForEvent: event must be an event name/);
    expect(() => waitForEvent(t, 'job.done', { timeoutMs: -1 })).toThrow(/waitForEvent: options.timeoutMs/);
    expect(() => waitForEvent(t, 'job.done', { where: 'yes' as never })).toThrow(/options.where must be a function/);
  });
});
