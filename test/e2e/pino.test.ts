import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('pino log correlation', () => {
  let telemetry: TestTelemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
  });

  it('puts trace_id, span_id and the context of the flow that logged on each line, under 100 concurrent flows', async () => {
    telemetry = createTestTelemetry({ serviceName: 'pino-e2e' });
    const t = telemetry;
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const logger = pino({ base: undefined, mixin: () => t.logFields() }, destination);

    const expected = new Map<string, { traceId: string; spanIds: Set<string> }>();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        t.withContext({ requestId: `req-${i}`, password: `pw-${i}` }, () =>
          t.withSpan('request', async (span) => {
            const ids = { traceId: span.traceId, spanIds: new Set([span.spanId]) };
            expected.set(`req-${i}`, ids);
            for (let k = 0; k < i % 4; k += 1) await tick();
            logger.info({ step: 'start' }, 'request started');
            await t.withSpan('db', async (db) => {
              ids.spanIds.add(db.spanId);
              t.setContext({ table: `t${i}` });
              await tick();
              logger.info({ step: 'db' }, 'query done');
            });
            await tick();
            logger.info({ step: 'end' }, 'request done');
          }),
        ),
      ),
    );
    logger.info('outside any flow');
    await new Promise<void>((resolve) => destination.end(resolve));

    const records = lines.map((line) => JSON.parse(line));
    expect(records).toHaveLength(301);
    const outside = records.filter((r) => r.requestId === undefined);
    expect(outside).toHaveLength(1);
    expect(outside[0]).not.toHaveProperty('trace_id');

    for (const record of records.filter((r) => r.requestId !== undefined)) {
      const ids = expected.get(record.requestId);
      expect(ids, record.requestId).toBeDefined();
      expect(record.trace_id).toBe(ids?.traceId);
      expect(ids?.spanIds.has(record.span_id)).toBe(true);
      expect(record.password).toBe('[REDACTED]');
      const i = Number(record.requestId.slice(4));
      if (record.step === 'db') expect(record.table).toBe(`t${i}`);
      else expect(record).not.toHaveProperty('table');
    }
    const traceIds = new Set([...expected.values()].map((ids) => ids.traceId));
    expect(traceIds.size).toBe(100);
  });
});
