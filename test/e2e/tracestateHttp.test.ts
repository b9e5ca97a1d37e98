import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';

// A caller sends `tracestate` as several header lines to a service that uses the public API
// (extract → SERVER span → CLIENT span → inject); a downstream server reports the header
// lines it received from the service.

interface Received {
  /** How many `tracestate` lines the service received. */
  incomingLines: number;
  /** The header lines the downstream server received, names lowercased, in order. */
  lines: [string, string][];
  /** The trace id of the service's SERVER span. */
  serverTraceId: string;
}

const traceId = '12345678901234567890123456789012';
const traceparent = `00-${traceId}-1234567890123456-01`;

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

function get(port: number, path: string, headers: http.OutgoingHttpHeaders): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end();
  });
}

function traceLines(rawHeaders: string[]): [string, string][] {
  const lines: [string, string][] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (name === 'traceparent' || name === 'tracestate') lines.push([name, rawHeaders[i + 1]!]);
  }
  return lines;
}

describe('tracestate through node:http', () => {
  let telemetry: TestTelemetry;
  let downstream: http.Server;
  let service: http.Server;
  let downstreamPort = 0;
  let servicePort = 0;

  beforeAll(async () => {
    telemetry = createTestTelemetry({ serviceName: 'tracestate-service' });
    downstream = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(traceLines(req.rawHeaders)));
    });
    // `/headers` extracts from req.headers (repeated lines joined with ", "), `/distinct` from
    // req.headersDistinct (one array element per line).
    service = http.createServer((req, res) => {
      const carrier = req.url === '/distinct' ? req.headersDistinct : req.headers;
      telemetry
        .extract(carrier, () =>
          telemetry.withSpan('GET /', { kind: SpanKind.SERVER }, (server) =>
            telemetry.withSpan('GET downstream', { kind: SpanKind.CLIENT }, async () => {
              const lines = JSON.parse(await get(downstreamPort, '/', telemetry.inject({}))) as [string, string][];
              const incomingLines = traceLines(req.rawHeaders).filter(([name]) => name === 'tracestate').length;
              return { incomingLines, lines, serverTraceId: server.traceId } satisfies Received;
            }),
          ),
        )
        .then(
          (received) => res.end(JSON.stringify(received)),
          (error: unknown) => res.writeHead(500).end(String(error)),
        );
    });
    downstreamPort = await listen(downstream);
    servicePort = await listen(service);
  });

  afterAll(async () => {
    await Promise.all([close(service), close(downstream)]);
    await telemetry.shutdown();
  });

  async function send(path: string, tracestate: string[]): Promise<Received> {
    return JSON.parse(await get(servicePort, path, { traceparent, tracestate })) as Received;
  }

  for (const path of ['/headers', '/distinct']) {
    describe(`extract(${path === '/headers' ? 'req.headers' : 'req.headersDistinct'})`, () => {
      it('combines tracestate lines and sends the whole list on as one line', async () => {
        const received = await send(path, ['foo@=1,bar=2', 'rojo=1, congo=2', '', 'baz=3']);
        expect(received.incomingLines).toBe(4);
        expect(received.serverTraceId).toBe(traceId);
        expect(received.lines.map(([name]) => name)).toEqual(['traceparent', 'tracestate']);
        expect(received.lines[0]?.[1]).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
        expect(received.lines[1]?.[1]).toBe('foo@=1,bar=2,rojo=1,congo=2,baz=3');
      });

      it('sends 32 members spread over lines, and no tracestate (but the trace) for 33', async () => {
        const member = (n: number) => `bar${String(n).padStart(2, '0')}=${n}`;
        const lines = (count: number) =>
          [0, 10, 20, 30].map((start) =>
            Array.from({ length: Math.min(10, count - start) }, (_, i) => member(start + i + 1)).join(','),
          );
        const thirtyTwo = await send(path, lines(32));
        expect(thirtyTwo.incomingLines).toBe(4);
        expect(thirtyTwo.lines[1]).toEqual(['tracestate', Array.from({ length: 32 }, (_, i) => member(i + 1)).join(',')]);

        const thirtyThree = await send(path, lines(33));
        expect(thirtyThree.serverTraceId).toBe(traceId);
        expect(thirtyThree.lines.map(([name]) => name)).toEqual(['traceparent']);
      });

      it('sends no tracestate when one line holds an invalid member, and keeps the trace', async () => {
        for (const bad of ['@foo=1', 'foo=bar=baz', 'foo=', `${'z'.repeat(257)}=1`]) {
          const received = await send(path, ['foo=1', bad]);
          expect(received.serverTraceId, bad).toBe(traceId);
          expect(received.lines.map(([name]) => name), bad).toEqual(['traceparent']);
        }
      });
    });
  }
});
