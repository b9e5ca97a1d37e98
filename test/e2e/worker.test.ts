import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

describe('propagation into a worker_threads Worker', () => {
  let telemetry: TestTelemetry | undefined;
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.terminate();
    await telemetry?.shutdown();
  });

  it('continues the trace and the propagated context from an injected carrier', async () => {
    const propagateKeys = ['requestId', 'tenant'];
    telemetry = createTestTelemetry({ errorContext: { propagateKeys } });
    const t = telemetry;
    worker = new Worker(new URL('./fixtures/typeScriptWorker.mjs', import.meta.url), {
      workerData: { entry: new URL('./fixtures/continueTraceWorker.ts', import.meta.url).href, propagateKeys },
    });
    const w = worker;
    const reply = new Promise<any>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });

    const sent = await t.withContext({ requestId: 'job-7', tenant: 'acme', userEmail: 'ada@example.com' }, () =>
      t.withSpan('enqueue', (span) => {
        w.postMessage({ carrier: t.inject({}) });
        return { traceId: span.traceId, spanId: span.spanId };
      }),
    );
    const result = await reply;

    expect(result.traceId).toBe(sent.traceId);
    expect(result.parentSpanId).toBe(sent.spanId);
    expect(result.spanId).not.toBe(sent.spanId);
    expect(result.context).toEqual({ requestId: 'job-7', tenant: 'acme' });
    expect(result.errorContext).toEqual({
      requestId: 'job-7',
      tenant: 'acme',
      traceId: sent.traceId,
      spanId: result.spanId,
      spanPath: ['worker.job'],
    });
    expect(t).toHaveSpan('enqueue', { parent: null, status: 'unset' });
  });
});
