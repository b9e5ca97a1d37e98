import http from 'node:http';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';
import { listen, serverSpans, turns } from './support/servers.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';

describe('http.handler for node:http', () => {
  it('runs the listener in a SERVER span named by the method, with the HTTP attributes, ended when the response finishes', async () => {
    const t = make();
    const url = await listen(
      http.createServer(
        t.http.handler(async (_req, res) => {
          await turns(3);
          await t.withSpan('load', async () => turns(2));
          res.end('ok');
        }),
      ),
    );
    const response = await fetch(`${url}/orders/42?token=secret`, { headers: { 'user-agent': 'probe/1.0' } });
    expect(await response.text()).toBe('ok');
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET');
    expect(server.kind).toBe(SpanKind.SERVER);
    const port = Number(new URL(url).port);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/orders/42',
      'url.scheme': 'http',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'server.port': port,
      'user_agent.original': 'probe/1.0',
      'client.address': '127.0.0.1',
    });
    expect(JSON.stringify(server.attributes)).not.toContain('secret');
    const load = t.spans().find((span) => span.name === 'load')!;
    expect(load.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('gives the handler a request scope with the x-request-id, seen by getContext and logFields', async () => {
    const t = make();
    const url = await listen(
      http.createServer(
        t.http.handler(async (_req, res) => {
          await turns(2);
          res.end(JSON.stringify({ context: t.getContext(), log: t.logFields() }));
        }),
      ),
    );
    const body = (await (await fetch(url, { headers: { 'x-request-id': 'req-7' } })).json()) as { context: unknown; log: Record<string, unknown> };
    expect(body.context).toEqual({ requestId: 'req-7' });
    expect(body.log).toMatchObject({ requestId: 'req-7' });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(body.log).toMatchObject({ trace_id: server.spanContext().traceId, span_id: server.spanContext().spanId });
  });

  it('adds the propagated keys of the incoming baggage to the request scope', async () => {
    const t = make({ errorContext: { propagateKeys: ['tenant'] } });
    const url = await listen(http.createServer(t.http.handler((_req, res) => res.end(JSON.stringify(t.getContext())))));
    const body = await (await fetch(url, { headers: { 'x-request-id': 'req-b', baggage: 'tenant=acme,secret=x' } })).json();
    expect(body).toEqual({ tenant: 'acme', requestId: 'req-b' });
  });

  it('generates a request id when none is sent, a different one per request', async () => {
    const t = make();
    const url = await listen(http.createServer(t.http.handler((_req, res) => res.end(String(t.getContext().requestId)))));
    const first = await (await fetch(url)).text();
    const second = await (await fetch(url)).text();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
    expect(first).not.toBe(second);
  });

  it('reads the request id from requestIdHeader', async () => {
    const t = make();
    const url = await listen(
      http.createServer(t.http.handler((_req, res) => res.end(String(t.getContext().requestId)), { requestIdHeader: 'X-Correlation-Id' })),
    );
    expect(await (await fetch(url, { headers: { 'x-correlation-id': 'corr-1', 'x-request-id': 'other' } })).text()).toBe('corr-1');
  });

  it('continues the trace of an incoming traceparent, and starts a new one for a malformed header', async () => {
    const t = make();
    const url = await listen(http.createServer(t.http.handler((_req, res) => res.end(t.currentTraceId()))));
    const continued = await (await fetch(url, { headers: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } })).text();
    expect(continued).toBe(TRACE_ID);
    const fresh = await (await fetch(url, { headers: { traceparent: `00-${TRACE_ID}-zzzz-01` } })).text();
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh).not.toBe(TRACE_ID);
    const spans = await waitFor(() => (serverSpans(t.spans()).length === 2 ? serverSpans(t.spans()) : undefined));
    const remote = spans.find((span) => span.spanContext().traceId === TRACE_ID)!;
    expect(remote.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(spans.find((span) => span.spanContext().traceId === fresh)!.parentSpanContext).toBeUndefined();
  });

  it('marks a 5xx response ERROR and leaves a 4xx unset', async () => {
    const t = make();
    const url = await listen(
      http.createServer(
        t.http.handler((req, res) => {
          res.statusCode = req.url === '/down' ? 503 : 404;
          res.end();
        }),
      ),
    );
    await fetch(`${url}/down`);
    await fetch(`${url}/missing`);
    const spans = await waitFor(() => (serverSpans(t.spans()).length === 2 ? serverSpans(t.spans()) : undefined));
    const down = spans.find((span) => span.attributes['url.path'] === '/down')!;
    const missing = spans.find((span) => span.attributes['url.path'] === '/missing')!;
    expect(down.status.code).toBe(SpanStatusCode.ERROR);
    expect(down.attributes['http.response.status_code']).toBe(503);
    expect(missing.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records an error escaping an async handler (captured, enriched) and hands the caller the same rejection', async () => {
    const t = make();
    const failure = new Error('database down');
        const handler = t.http.handler(async () => {
      await turns(1);
      throw failure;
    });
    const reasons: unknown[] = [];
    const url = await listen(
      http.createServer((req, res) => {
        handler(req, res).catch((reason: unknown) => {
          reasons.push(reason);
          res.statusCode = 500;
          res.end('failed');
        });
      }),
    );
    const response = await fetch(url, { headers: { 'x-request-id': 'req-err' } });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('failed');
    expect(reasons).toEqual([failure]);
    expect(reasons[0]).toBe(failure);
    expect((failure as Error & { context?: Record<string, unknown> }).context).toMatchObject({ requestId: 'req-err' });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database down' });
    expect(server.events.map((event) => event.name)).toContain('exception');
    expect(t.events(['error', 'captured'])).toHaveLength(1);
    expect(t.events(['error', 'captured'])[0]!.metadata.error).toBe(failure);
  });

  it('rethrows a synchronous error of the handler unchanged, after recording it', async () => {
    const t = make();
    const failure = new TypeError('bad input');
    const handler = t.http.handler(() => {
      throw failure;
    });
    let thrown: unknown;
    const url = await listen(
      http.createServer((req, res) => {
        try {
          handler(req, res);
        } catch (error) {
          thrown = error;
          res.statusCode = 500;
          res.end();
        }
      }),
    );
    await fetch(url);
    expect(thrown).toBe(failure);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('returns what the listener returns, and keeps its `this`', async () => {
    const t = make();
    const self = { name: 'owner' };
    const seenThis: unknown[] = [];
    const handler = t.http.handler(function (this: unknown, _req: http.IncomingMessage, res: http.ServerResponse) {
      seenThis.push(this);
      res.end();
      return 'result';
    });
    let returned: unknown;
    const url = await listen(http.createServer((req, res) => (returned = handler.call(self, req, res))));
    await fetch(url);
    expect(returned).toBe('result');
    expect(seenThis).toEqual([self]);
    expect(seenThis[0]).toBe(self);
  });

  it('skips ignored requests entirely: no span, no scope', async () => {
    const t = make();
    const url = await listen(
      http.createServer(
        t.http.handler((_req, res) => res.end(JSON.stringify({ context: t.getContext(), trace: t.currentTraceId() ?? null })), {
          ignore: (req) => req.url === '/health',
        }),
      ),
    );
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ context: {}, trace: null });
    await fetch(`${url}/work`);
    const spans = await waitFor(() => serverSpans(t.spans())[0] && serverSpans(t.spans()));
    expect(spans.map((span) => span.attributes['url.path'])).toEqual(['/work']);
  });

  it('adds the attributes of requestHook; a throwing hook or ignore costs only itself, reported on the bus', async () => {
    const t = make();
        const url = await listen(
      http.createServer(
        t.http.handler((_req, res) => res.end('served'), {
          requestHook: (span, req) => {
            span.setAttribute('tenant', String(req.headers['x-tenant']));
            if (req.headers['x-tenant'] === 'broken') throw new Error('hook failed');
          },
          ignore: (req) => {
            if (req.url === '/odd') throw new Error('ignore failed');
            return false;
          },
        }),
      ),
    );
    expect(await (await fetch(url, { headers: { 'x-tenant': 'acme' } })).text()).toBe('served');
    expect(await (await fetch(url, { headers: { 'x-tenant': 'broken' } })).text()).toBe('served');
    expect(await (await fetch(`${url}/odd`)).text()).toBe('served');
    const spans = await waitFor(() => (serverSpans(t.spans()).length === 3 ? serverSpans(t.spans()) : undefined));
    expect(spans.map((span) => span.attributes.tenant).sort()).toEqual(['acme', 'broken', 'undefined']);
    expect(t.events(['telemetry', 'http', 'hook_failure']).map((event) => event.metadata.hook)).toEqual(['requestHook', 'ignore']);
  });

  it('ends the span once, marked aborted, when the client disconnects mid-response', async () => {
    const t = make();
    let closed!: () => void;
    const handlerSawClose = new Promise<void>((resolve) => (closed = resolve));
    const url = await listen(
      http.createServer(
        t.http.handler((_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('first part');
          res.on('close', closed);
        }),
      ),
    );
    await new Promise<void>((resolve, reject) => {
      const req = http.get(url, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
    });
    await handlerSawClose;
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.attributes['telemetry.http.aborted']).toBe(true);
    expect(serverSpans(t.spans())).toHaveLength(1);
    expect(t.health().spans.doubleEnded).toBe(0);
    expect(t.health().spans.open).toBe(0);
  });

  it('refuses bad arguments with a TypeError naming the call and the option', () => {
    const t = make();
    expect(() => t.http.handler('nope' as never)).toThrow(/^http\.handler\(fn, options\): fn must be a function, got "nope"/);
    expect(() => t.http.handler(() => undefined, { ignore: true } as never)).toThrow(/option "ignore" must be a function/);
    expect(() => t.http.handler(() => undefined, { requestHook: 1 } as never)).toThrow(/option "requestHook" must be a function/);
    expect(() => t.http.handler(() => undefined, { requestIdHeader: 'bad header' })).toThrow(/option "requestIdHeader" must be a header name/);
    expect(() => t.http.express({ requestIdHeaders: 'x' } as never)).toThrow(/^http\.express\(options\): unknown option "requestIdHeaders"/);
    expect(() => t.http.fastify([] as never)).toThrow(/^http\.fastify\(options\): options must be an object/);
  });
});
