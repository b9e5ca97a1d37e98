import http from 'node:http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { TestTelemetry } from '../../src/testing/index.js';
import { waitFor } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';
import { closeAfterTest, listen, serverSpans, turns } from './support/servers.js';

const REQUESTS = 200;

/** A small seeded generator, so each run interleaves the requests the same way. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** The route every server kind serves: awaits, makes two child spans, answers with what it saw. */
function routeWork(t: TestTelemetry, random: () => number) {
  return async (): Promise<Record<string, unknown>> => {
    const seenAtStart = t.getContext().requestId;
    await turns(1 + Math.floor(random() * 5));
    await t.withSpan('child.one', async () => turns(1 + Math.floor(random() * 3)));
    await turns(1 + Math.floor(random() * 3));
    await t.withSpan('child.two', async () => turns(1));
    return { atStart: seenAtStart, atEnd: t.getContext().requestId, trace: t.currentTraceId() };
  };
}

async function sendAll(url: string): Promise<Array<{ id: string; body: Record<string, unknown> }>> {
  return Promise.all(
    Array.from({ length: REQUESTS }, async (_, i) => {
      const id = `req-${i}`;
      const response = await fetch(`${url}/work/${i}`, { headers: { 'x-request-id': id } });
      return { id, body: (await response.json()) as Record<string, unknown> };
    }),
  );
}

/** Position of each span's start and stop among the `span` bus events, by span id. */
function spanEventOrder(t: TestTelemetry): { started: Map<string, number>; stopped: Map<string, number> } {
  const started = new Map<string, number>();
  const stopped = new Map<string, number>();
  t.events((recorded) => recorded.event[0] === 'span').forEach((recorded, index) => {
    const spanId = String(recorded.metadata.spanId);
    (recorded.event[1] === 'start' ? started : stopped).set(spanId, index);
  });
  return { started, stopped };
}

function checkIsolation(t: TestTelemetry, replies: Array<{ id: string; body: Record<string, unknown> }>, spans: ReadableSpan[]): void {
  for (const { id, body } of replies) {
    expect(body.atStart, `request ${id} saw another request's scope`).toBe(id);
    expect(body.atEnd, `request ${id} saw another request's scope after awaiting`).toBe(id);
  }
  const servers = serverSpans(spans);
  expect(servers, 'exactly one server span per request').toHaveLength(REQUESTS);
  expect(new Set(servers.map((span) => span.spanContext().traceId)).size).toBe(REQUESTS);
  const byId = new Map(servers.map((span) => [span.spanContext().spanId, span]));
  const children = spans.filter((span) => span.name.startsWith('child.'));
  const order = spanEventOrder(t);
  expect(children).toHaveLength(2 * REQUESTS);
  for (const child of children) {
    const parent = byId.get(child.parentSpanContext?.spanId ?? '');
    expect(parent, `${child.name} has a server span as parent`).toBeDefined();
    expect(child.spanContext().traceId).toBe(parent!.spanContext().traceId);
    // The server span covers the async work it served: it started before and ended after each child.
    const childId = child.spanContext().spanId;
    const parentId = parent!.spanContext().spanId;
    expect(order.started.get(childId)!).toBeGreaterThan(order.started.get(parentId)!);
    expect(order.stopped.get(childId)!, `${child.name} ended before its server span`).toBeLessThan(order.stopped.get(parentId)!);
  }
  for (const { body } of replies) expect(servers.some((span) => span.spanContext().traceId === body.trace)).toBe(true);
  expect(t.health().spans.open).toBe(0);
}

const allSpans = (t: TestTelemetry) => () => (t.spans().length === 3 * REQUESTS ? t.spans() : undefined);

describe(`${REQUESTS} concurrent requests with distinct x-request-id`, () => {
  it('node:http: no scope or parent crosses requests', async () => {
    const t = make();
    const work = routeWork(t, seeded(1));
    const url = await listen(http.createServer(t.http.handler(async (_req, res) => res.end(JSON.stringify(await work())))));
    const replies = await sendAll(url);
    checkIsolation(t, replies, await waitFor(allSpans(t)));
  });

  it('Express: no scope or parent crosses requests', async () => {
    const t = make();
    const work = routeWork(t, seeded(2));
    const app = express();
    app.use(t.http.express());
    app.get('/work/:n', async (_req, res) => {
      res.json(await work());
    });
    const server = app.listen(0, '127.0.0.1');
    closeAfterTest(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as { port: number }).port;
    const replies = await sendAll(`http://127.0.0.1:${port}`);
    const spans = await waitFor(allSpans(t));
    checkIsolation(t, replies, spans);
    expect(new Set(serverSpans(spans).map((span) => span.name))).toEqual(new Set(['GET /work/:n']));
  });

  it('Fastify: no scope or parent crosses requests', async () => {
    const t = make();
    const work = routeWork(t, seeded(3));
    const app = fastify();
    await app.register(t.http.fastify());
    app.get('/work/:n', async () => work());
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    closeAfterTest(app.server);
    const replies = await sendAll(url);
    checkIsolation(t, replies, await waitFor(allSpans(t)));
  });
});
