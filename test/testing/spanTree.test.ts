import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { KeepingSpanExporter } from '../../src/testing/index.js';
import { buildSpanTree } from '../../src/testing/spanTree.js';

function tracerWithExporter() {
  const exporter = new KeepingSpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, provider, tracer: provider.getTracer('test') };
}

describe('KeepingSpanExporter', () => {
  it('keeps finished spans across shutdown and forgets them on clear()', async () => {
    const { exporter, provider, tracer } = tracerWithExporter();
    tracer.startSpan('first').end();
    tracer.startSpan('second').end();
    await provider.shutdown();
    expect(exporter.spans().map((span) => span.name)).toEqual(['first', 'second']);
    exporter.clear();
    expect(exporter.spans()).toEqual([]);
  });
});

describe('buildSpanTree', () => {
  it('nests children under parents, in start order, with name, attributes, status and events', () => {
    const { exporter, tracer } = tracerWithExporter();
    const root = tracer.startSpan('request', { attributes: { route: '/pay' }, startTime: [100, 0] });
    const rootContext = trace.setSpan(ROOT_CONTEXT, root);
    const second = tracer.startSpan('charge', { startTime: [100, 500] }, rootContext);
    const first = tracer.startSpan('load', { startTime: [100, 200] }, rootContext);
    const grandchild = tracer.startSpan('query', { startTime: [100, 300] }, trace.setSpan(ROOT_CONTEXT, first));
    grandchild.addEvent('row', { index: 1 });
    grandchild.end();
    first.end();
    second.setStatus({ code: SpanStatusCode.ERROR, message: 'declined' });
    second.end();
    root.end();

    expect(buildSpanTree(exporter.spans())).toEqual([
      {
        name: 'request',
        attributes: { route: '/pay' },
        status: { code: SpanStatusCode.UNSET },
        events: [],
        children: [
          {
            name: 'load',
            attributes: {},
            status: { code: SpanStatusCode.UNSET },
            events: [],
            children: [
              {
                name: 'query',
                attributes: {},
                status: { code: SpanStatusCode.UNSET },
                events: [{ name: 'row', attributes: { index: 1 } }],
                children: [],
              },
            ],
          },
          {
            name: 'charge',
            attributes: {},
            status: { code: SpanStatusCode.ERROR, message: 'declined' },
            events: [],
            children: [],
          },
        ],
      },
    ]);
  });

  it('makes a span whose parent was not recorded a root, roots in start order', () => {
    const { exporter, tracer } = tracerWithExporter();
    const unfinished = tracer.startSpan('never.ended', { startTime: [1, 0] });
    const orphan = tracer.startSpan('orphan', { startTime: [3, 0] }, trace.setSpan(ROOT_CONTEXT, unfinished));
    const early = tracer.startSpan('early', { startTime: [2, 0] });
    orphan.end();
    early.end();
    expect(buildSpanTree(exporter.spans()).map((node) => [node.name, node.children.length])).toEqual([
      ['early', 0],
      ['orphan', 0],
    ]);
  });
});
