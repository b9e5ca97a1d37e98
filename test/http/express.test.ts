import http, { type Server } from 'node:http';
import { SpanStatusCode } from '@opentelemetry/api';
import connect from 'connect';
import express5, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';
import { closeAfterTest, listen, serverSpans, turns } from './support/servers.js';

type ExpressFactory = typeof express5;

async function serve(app: ReturnType<ExpressFactory>): Promise<string> {
  const server: Server = app.listen(0, '127.0.0.1');
  closeAfterTest(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4 as unknown as ExpressFactory],
])('http.express with %s', (_label, express) => {
  it('names the span after the route template, including mount paths, and keeps it active through async routes', async () => {
    const t = make();
    const app = express();
    app.use(t.http.express());
    const users = express.Router();
    users.get('/:id', async (req, res) => {
      await turns(3);
      await t.withSpan('users.load', async () => turns(2));
      res.json({ id: req.params.id, context: t.getContext() });
    });
    app.use('/api/users', users);
    const url = await serve(app);
    const body = await (await fetch(`${url}/api/users/7`, { headers: { 'x-request-id': 'req-e1' } })).json();
    expect(body).toEqual({ id: '7', context: { requestId: 'req-e1' } });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET /api/users/:id');
    expect(server.attributes['http.route']).toBe('/api/users/:id');
    expect(server.attributes['url.path']).toBe('/api/users/7');
    expect(server.attributes['http.response.status_code']).toBe(200);
    const child = t.spans().find((span) => span.name === 'users.load')!;
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
  });

  it('keeps the request scope through a body parser', async () => {
    const t = make();
    const app = express();
    app.use(t.http.express());
    app.use(express.json());
    app.post('/orders', async (req, res) => {
      await turns(1);
      res.json({ received: req.body, context: t.getContext(), traced: t.currentTraceId() !== undefined });
    });
    const url = await serve(app);
    const response = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-body' },
      body: JSON.stringify({ item: 'book' }),
    });
    expect(await response.json()).toEqual({ received: { item: 'book' }, context: { requestId: 'req-body' }, traced: true });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('POST /orders');
  });

  it('names an unmatched request by its method alone', async () => {
    const t = make();
    const app = express();
    app.use(t.http.express());
    const url = await serve(app);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET');
    expect(server.attributes['http.route']).toBeUndefined();
  });

  it("records an error through expressErrors, and the application's error middleware still gets the same error and answers", async () => {
    const t = make();
    const failure = new Error('card declined');
    const seenByApp: unknown[] = [];
    const app = express();
    app.use(t.http.express());
    app.get('/pay', async (_req, _res, next) => {
      await turns(1);
      next(failure);
    });
    app.get('/pay-sync', () => {
      throw failure;
    });
    app.use(t.http.expressErrors());
    app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      seenByApp.push(error);
      res.status(402).json({ error: 'payment required' });
    });
    const url = await serve(app);
    const response = await fetch(`${url}/pay`, { headers: { 'x-request-id': 'req-pay' } });
    expect(response.status).toBe(402);
    expect(await response.json()).toEqual({ error: 'payment required' });
    expect(seenByApp).toEqual([failure]);
    expect((await fetch(`${url}/pay-sync`)).status).toBe(402);
    expect(seenByApp.at(-1)).toBe(failure);
    const spans = await waitFor(() => {
      const found = serverSpans(t.spans()).filter((span) => span.status.code === SpanStatusCode.ERROR);
      return found.length === 2 ? found : undefined;
    });
    for (const span of spans) {
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'card declined' });
      expect(span.events.map((event) => event.name)).toContain('exception');
    }
    expect((failure as Error & { context?: Record<string, unknown> }).context).toHaveProperty('requestId');
  });

  it('without expressErrors, a 5xx from the default error handler still marks the span ERROR', async () => {
    const t = make();
    const app = express();
    app.set('env', 'test');
    app.use(t.http.express());
    app.get('/broken', () => {
      throw new Error('broken');
    });
    const url = await serve(app);
    expect((await fetch(`${url}/broken`)).status).toBe(500);
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['http.response.status_code']).toBe(500);
  });

  it('inside http.handler, makes no second span and the router still names the one span', async () => {
    const t = make();
    const app = express();
    app.use(t.http.express());
    app.get('/items/:id', (_req, res) => {
      res.send('item');
    });
    const url = await listen(http.createServer(t.http.handler(app)));
    expect(await (await fetch(`${url}/items/1`)).text()).toBe('item');
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    await turns(2);
    expect(serverSpans(t.spans())).toHaveLength(1);
    expect(server.name).toBe('GET /items/:id');
  });
});

describe('http.express with Connect', () => {
  it('serves Connect apps with a server span and request scope', async () => {
    const t = make();
    const app = connect();
    app.use(t.http.express());
    app.use((_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.end(JSON.stringify(t.getContext()));
    });
    const url = await listen(http.createServer(app));
    expect(await (await fetch(url, { headers: { 'x-request-id': 'req-c' } })).json()).toEqual({ requestId: 'req-c' });
    const server = await waitFor(() => serverSpans(t.spans())[0]);
    expect(server.name).toBe('GET');
  });
});
