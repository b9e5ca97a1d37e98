// Row 12: a node:http server served through `telemetry.http.handler` (server span, request
// scope, two child spans, one emitted event per request) against the same server
// instrumented by hand with raw OpenTelemetry (`propagation extract` + `startActiveSpan`
// + `context.with` for the request id), both on a batch processor whose exporter drops
// everything, and an uninstrumented server for scale. One op is a burst of concurrent
// requests from a keep-alive client in the same process; ns/op is the burst's wall time,
// so `ours / raw` is the inverse of the throughput ratio (1.053 = 0.95x the requests/s).

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, createContextKey, ROOT_CONTEXT, SpanKind, trace, type Attributes, type Context } from '@opentelemetry/api';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';

const BURST = 32;
const QUEUE_SIZE = 1 << 20;
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const REQUEST_ID_KEY = createContextKey('bench request id');

function droppingSpanExporter(): SpanExporter {
  return {
    export(_spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
      resultCallback({ code: ExportResultCode.SUCCESS });
    },
    shutdown: () => Promise.resolve(),
  };
}

/** The application's work per request: two steps, each in a child span in the instrumented servers. */
function answer(res: http.ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The HTTP semantic-convention attributes the library records, computed by hand. */
function serverAttributes(req: http.IncomingMessage): Attributes {
  const [address, port] = (req.headers.host ?? '').split(':');
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return {
    'http.request.method': req.method,
    'url.scheme': 'http',
    'url.path': query === -1 ? url : url.slice(0, query),
    'network.protocol.version': req.httpVersion,
    'server.address': address,
    'server.port': Number(port),
    'user_agent.original': req.headers['user-agent'],
    'network.peer.address': req.socket.remoteAddress,
    'client.address': req.socket.remoteAddress,
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function client(port: number, agent: http.Agent, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `/orders/${n}`, agent, headers: { traceparent: TRACEPARENT, 'x-request-id': `r${n}`, 'user-agent': 'bench/1.0' } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
}

function burst(port: number, agent: http.Agent): (i: number) => Promise<void[]> {
  return (i) => Promise.all(Array.from({ length: BURST }, (_, k) => client(port, agent, i * BURST + k)));
}

export async function httpComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const unavailable = lib instanceof Error ? lib.message : undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: BURST });

  const plain = http.createServer((_req, res) => answer(res, 'ok'));

  // Raw OpenTelemetry, as a user would write it by hand.
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(droppingSpanExporter(), { maxQueueSize: QUEUE_SIZE })],
  });
  const tracer = provider.getTracer('bench');
  const propagator = new W3CTraceContextPropagator();
  const raw = http.createServer((req, res) => {
    const parent = propagator.extract(ROOT_CONTEXT, req.headers, { get: (h, k) => h[k], keys: (h) => Object.keys(h) });
    const requestContext: Context = parent.setValue(REQUEST_ID_KEY, req.headers['x-request-id']);
    tracer.startActiveSpan('GET', { kind: SpanKind.SERVER, attributes: serverAttributes(req) }, requestContext, (span) => {
      void (async () => {
        await tracer.startActiveSpan('load', async (child) => child.end());
        await tracer.startActiveSpan('price', async (child) => child.end());
        trace.getActiveSpan()?.addEvent('order.viewed');
        res.on('finish', () => {
          span.setAttribute('http.response.status_code', res.statusCode);
          span.end();
        });
        answer(res, String(context.active().getValue(REQUEST_ID_KEY)));
      })();
    });
  });

  const servers = [plain, raw];
  const ports = { plain: await listen(plain), raw: await listen(raw) };
  const candidates: Candidate[] = [
    { name: 'uninstrumented server', op: burst(ports.plain, agent), async: true },
    { name: 'raw OpenTelemetry server', op: burst(ports.raw, agent), async: true },
  ];
  const telemetry =
    lib instanceof Error
      ? undefined
      : lib.createTelemetry({
          serviceName: 'bench',
          exporter: droppingSpanExporter(),
          batch: { maxQueueSize: QUEUE_SIZE },
          warnings: false,
          flushOnExit: false,
        });
  if (telemetry !== undefined) {
    const ours = http.createServer(
      telemetry.http.handler(async (_req, res) => {
        await telemetry.withSpan('load', async () => undefined);
        await telemetry.withSpan('price', async () => undefined);
        telemetry.emitEvent('order.viewed');
        answer(res, String(telemetry.getContext().requestId));
      }),
    );
    servers.push(ours);
    candidates.push({ name: 'telemetry.http.handler server', op: burst(await listen(ours), agent), async: true });
  }

  try {
    const rows = await measure(
      {
        group: '12',
        candidates,
        pairs: [
          {
            label: `node:http, ${BURST} concurrent keep-alive requests`,
            ours: 'telemetry.http.handler server',
            baseline: 'raw OpenTelemetry server',
            target: { maxRatio: 1.053, inclusive: true },
          },
        ],
      },
      settings,
      unavailable,
    );
    const plainRow = await measure(
      { group: '12', candidates: candidates.slice(0, 2), pairs: [{ label: 'raw OpenTelemetry against no instrumentation', ours: 'raw OpenTelemetry server', baseline: 'uninstrumented server' }] },
      { ...settings, rounds: Math.max(3, settings.rounds >> 1) },
      undefined,
    );
    return rows.map((row) => ({ ...row, note: throughputNote(row, plainRow[0]) }));
  } finally {
    agent.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await telemetry?.shutdown();
    await provider.shutdown();
  }
}

function requestsPerSecond(nsPerBurst: number): string {
  return `${Math.round((BURST * 1e9) / nsPerBurst).toLocaleString('en-US')} req/s`;
}

function throughputNote(row: RowResult, plain: RowResult | undefined): string {
  const parts: string[] = [];
  if (row.ours !== undefined) parts.push(`ours ${requestsPerSecond(row.ours.median)}`);
  parts.push(`raw OpenTelemetry ${requestsPerSecond(row.baseline.median)}`);
  if (plain !== undefined) parts.push(`uninstrumented ${requestsPerSecond(plain.baseline.median)}`);
  if (row.ratio !== undefined) parts.push(`throughput ratio ${(1 / row.ratio).toFixed(3)}x (target >= 0.95x)`);
  return parts.join(', ');
}
