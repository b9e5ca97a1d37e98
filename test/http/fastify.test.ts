import { SpanStatusCode } from '@opentelemetry/api';
import fastify5 from 'fastify';
import fastify4 from 'fastify4';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';
import { closeAfterTest, serverSpans, turns } from './support/servers.js';

type FastifyFactory = typeof fastify5;

async function serve(app: ReturnType<FastifyFactory>): Promise<string> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  closeAfterTest(app.server);
  return address;
}

describe.each([
  ['Fastify 5', fastify5],
  ['Fastify 4', fastify4 as unknown as FastifyFactory],
])('http.fastify with %s', (_label, fastify) => {
  it('applies to every route, also those of encapsulated plugins, named after the route template', async () => {
    const t = make();
    const app = fastify();
    await app.register(t.http.fastify());
    await app.register(
      async (child) => {
        child.get('/items/:id', async (request) => {
          await turns(3);
          await t.withSpan('items.load', async () => turns(2));
          return { id: (request.params as { id: string }).id, context: t.getContext() };
        });
      },
      { prefix: '/v1' },
    );
    const url = await serve(app);
    const body = await (await fetch(`${url}/v1/items/3`, { headers: { 'x-request-id': 'req-f1' } })).json();
    expect(body).toEqual({ id: '3', context: { requestId: 'req-f1' } });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET /v1/items/:id');
    expect(server.attributes).toMatchObject({ 'http.route': '/v1/items/:id', 'url.path': '/v1/items/3', 'http.response.status_code': 200 });
    const child = t.spans().find((span) => span.name === 'items.load')!;
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('keeps the request scope through body parsing', async () => {
    const t = make();
    const app = fastify();
    await app.register(t.http.fastify());
    app.post('/orders', async (request) => ({ received: request.body, context: t.getContext() }));
    const url = await serve(app);
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-fb' },
      body: JSON.stringify({ item: 'pen' }),
    });
    expect(await response.json()).toEqual({ received: { item: 'pen' }, context: { requestId: 'req-fb' } });
  });

  it("records an error of a route; the application's setErrorHandler still sees the same error and its reply reaches the client", async () => {
    const t = make();
    const failure = new Error('out of stock');
    const seenByApp: unknown[] = [];
    const app = fastify();
    await app.register(t.http.fastify());
    app.setErrorHandler((error, _request, reply) => {
      seenByApp.push(error);
      void reply.status(409).send({ error: 'conflict' });
    });
    app.get('/reserve', async () => {
      await turns(1);
      throw failure;
    });
    const url = await serve(app);
    const response = await fetch(`${url}/reserve`, { headers: { 'x-request-id': 'req-409' } });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'conflict' });
    expect(seenByApp).toEqual([failure]);
    expect(seenByApp[0]).toBe(failure);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'out of stock' });
    expect(server.events.filter((event) => event.name === 'exception')).toHaveLength(1);
    expect((failure as Error & { context?: Record<string, unknown> }).context).toMatchObject({ requestId: 'req-409' });
  });

  it('with the default error handler, a thrown error gives a 500 and an ERROR span', async () => {
    const t = make();
    const app = fastify();
    await app.register(t.http.fastify());
    app.get('/crash', () => {
      throw new Error('crash');
    });
    const url = await serve(app);
    expect((await fetch(`${url}/crash`)).status).toBe(500);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['http.response.status_code']).toBe(500);
    expect(server.events.filter((event) => event.name === 'exception')).toHaveLength(1);
  });

  it('names an unmatched request by its method alone', async () => {
    const t = make();
    const app = fastify();
    await app.register(t.http.fastify());
    const url = await serve(app);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET');
  });

  it('skips ignored requests', async () => {
    const t = make();
    const app = fastify();
    await app.register(t.http.fastify({ ignore: (req) => req.url === '/health' }));
    app.get('/health', async () => ({ context: t.getContext() }));
    app.get('/work', async () => 'done');
    const url = await serve(app);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ context: {} });
    await fetch(`${url}/work`);
    const spans = await waitFor(() => serverSpans(t.spans())[0] && serverSpans(t.spans()));
    expect(spans.map((span) => span.name)).toEqual(['GET /work']);
  });
});
