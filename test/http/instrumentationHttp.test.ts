import { createRequire } from 'node:module';
import { propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';
import { waitFor } from '../../src/testing/index.js';
import { closeAfterTest, listen, turns } from './support/servers.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

// The instrumentation as the NodeSDK sets it up: enabled before `http` is required, with
// the W3C propagator registered globally.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const instrumentation = new HttpInstrumentation({ enabled: false });
instrumentation.setTracerProvider(provider);
let http: typeof import('node:http');

beforeAll(() => {
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  instrumentation.enable();
  http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
});
afterAll(async () => {
  instrumentation.disable();
  propagation.disable();
  await provider.shutdown();
});

const instances: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.shutdown({ timeoutMs: 200 })));
  exporter.reset();
});

function telemetry(): Telemetry {
  const t = createTelemetry({ tracerProvider: provider, flushOnExit: false });
  instances.push(t);
  return t;
}

const serverSpans = () => exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER);

describe('with @opentelemetry/instrumentation-http enabled', () => {
  it('node:http: uses the instrumentation\'s server span, one per request, with the request scope and our spans under it', async () => {
    const t = telemetry();
    const url = await listen(
      http.createServer(
        t.http.handler(async (_req, res) => {
          await turns(2);
          await t.withSpan('child', async () => turns(1));
          res.end(JSON.stringify(t.getContext()));
        }),
      ),
    );
    const body = await (await fetch(`${url}/a`, { headers: { 'x-request-id': 'req-i1', traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } })).json();
    expect(body).toEqual({ requestId: 'req-i1' });
    const [server] = await waitFor(() => (serverSpans().length > 0 ? serverSpans() : undefined));
    await turns(2);
    expect(serverSpans()).toHaveLength(1);
    expect(server!.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
    expect(server!.spanContext().traceId).toBe(TRACE_ID);
    expect(server!.parentSpanContext?.spanId).toBe(PARENT_ID);
    const child = exporter.getFinishedSpans().find((span) => span.name === 'child')!;
    expect(child.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
  });

  it('Express: the route names the instrumentation\'s span, and expressErrors records the error on it', async () => {
    const t = telemetry();
    const failure = new Error('not allowed');
    const app = express();
    app.use(t.http.express());
    app.get('/users/:id', async (_req, res) => {
      await turns(1);
      await t.withSpan('users.load', async () => turns(1));
      res.json(t.getContext());
    });
    app.get('/admin', (_req, _res, next) => next(failure));
    app.use(t.http.expressErrors());
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(403).end();
    });
    const server = http.createServer(app);
    const url = await listen(server);
    expect(await (await fetch(`${url}/users/5`, { headers: { 'x-request-id': 'req-i2' } })).json()).toEqual({ requestId: 'req-i2' });
    expect((await fetch(`${url}/admin`)).status).toBe(403);
    const spans = await waitFor(() => (serverSpans().length === 2 ? serverSpans() : undefined));
    const users = spans.find((span) => span.attributes['url.path'] === '/users/5')!;
    expect(users.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
    expect(users.name).toBe('GET /users/:id');
    expect(users.attributes['http.route']).toBe('/users/:id');
    const load = exporter.getFinishedSpans().find((span) => span.name === 'users.load')!;
    expect(load.parentSpanContext?.spanId).toBe(users.spanContext().spanId);
    const admin = spans.find((span) => span.attributes['url.path'] === '/admin')!;
    expect(admin.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not allowed' });
    expect(admin.events.map((event) => event.name)).toContain('exception');
  });

  it('Fastify: one server span per request, named by the route', async () => {
    const t = telemetry();
    const app = fastify();
    await app.register(t.http.fastify());
    app.get('/items/:id', async () => {
      await t.withSpan('items.load', async () => turns(1));
      return t.getContext();
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    closeAfterTest(app.server);
    expect(await (await fetch(`${url}/items/9`, { headers: { 'x-request-id': 'req-i3' } })).json()).toEqual({ requestId: 'req-i3' });
    const [server] = await waitFor(() => (serverSpans().length > 0 ? serverSpans() : undefined));
    await turns(2);
    expect(serverSpans()).toHaveLength(1);
    expect(server!.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
    expect(server!.name).toBe('GET /items/:id');
    const load = exporter.getFinishedSpans().find((span) => span.name === 'items.load')!;
    expect(load.parentSpanContext?.spanId).toBe(server!.spanContext().spanId);
  });
});
