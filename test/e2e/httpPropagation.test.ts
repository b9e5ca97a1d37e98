import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

interface Reply {
  status: number;
  body: any;
}

function request(port: number, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

describe('propagation between two node:http services', () => {
  let a: TestTelemetry;
  let b: TestTelemetry;
  let serverA: http.Server;
  let serverB: http.Server;
  let portA = 0;
  let portB = 0;

  beforeAll(async () => {
    const errorContext = { propagateKeys: ['requestId', 'tenant'] };
    a = createTestTelemetry({ serviceName: 'service-a', errorContext });
    b = createTestTelemetry({ serviceName: 'service-b', errorContext });

    serverB = http.createServer((req, res) => {
      b.extract(req.headers, () =>
        b.withSpan('b.handle', (span) => {
          sendJson(res, 200, { traceId: span.traceId, spanId: span.spanId, context: b.getContext(), log: b.logFields() });
        }),
      );
    });

    serverA = http.createServer((req, res) => {
      const requestId = req.headers['x-request-id'] as string;
      a.withSpan('a.handle', (span) =>
        a.withContext({ requestId, tenant: 'acme', userEmail: 'ada@example.com' }, async () => {
          const headers = a.inject({});
          const fromB = await request(portB, '/b', headers);
          sendJson(res, 200, { traceId: span.traceId, spanId: span.spanId, sent: headers, fromB: fromB.body });
        }),
      ).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
    });

    portB = await listen(serverB);
    portA = await listen(serverA);
  });

  afterAll(async () => {
    await Promise.all([close(serverA), close(serverB)]);
    await Promise.all([a.shutdown(), b.shutdown()]);
  });

  it('continues the trace and the propagated keys in B; other keys stay in A', async () => {
    const reply = await request(portA, '/a', { 'x-request-id': 'req-42' });
    expect(reply.status).toBe(200);
    const { traceId, spanId, fromB } = reply.body;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fromB.traceId).toBe(traceId);
    expect(fromB.context).toEqual({ requestId: 'req-42', tenant: 'acme' });
    expect(fromB.log).toEqual({ trace_id: traceId, span_id: fromB.spanId, requestId: 'req-42', tenant: 'acme' });

    const spanB = b.spans().find((s) => s.spanContext().spanId === fromB.spanId);
    expect(spanB?.spanContext().traceId).toBe(traceId);
    expect(spanB?.parentSpanContext?.spanId).toBe(spanId);
    expect(spanB?.parentSpanContext?.isRemote).toBe(true);
    const spanA = a.spans().find((s) => s.spanContext().spanId === spanId);
    expect(spanA?.name).toBe('a.handle');
    // A's span is a root of A; B's parent lives in A, so within B it is a root too.
    expect(a).toHaveSpan('a.handle', { parent: null, status: 'unset' });
    expect(b).toHaveSpan('b.handle', { parent: null, status: 'unset' });
  });

  it('keeps concurrent requests apart', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => request(portA, '/a', { 'x-request-id': `req-${i}` })));
    replies.forEach((reply, i) => {
      expect(reply.body.fromB.traceId).toBe(reply.body.traceId);
      expect(reply.body.fromB.context.requestId).toBe(`req-${i}`);
    });
    expect(new Set(replies.map((r) => r.body.traceId)).size).toBe(20);
  });

  it('ignores malformed traceparent and baggage headers: B starts a new trace with no propagated context', async () => {
    const reply = await request(portB, '/b', {
      traceparent: '00-not-a-trace-id-01',
      baggage: 'requestId=%E0%A4%A,;;==,tenant',
    });
    expect(reply.status).toBe(200);
    expect(reply.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.body.context).toEqual({});
    const spanB = b.spans().find((s) => s.spanContext().spanId === reply.body.spanId);
    expect(spanB?.parentSpanContext).toBeUndefined();
  });
});
