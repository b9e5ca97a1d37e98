import type { Attributes, HrTime, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** One finished span and its children, as `spanTree()` returns it. */
export interface SpanTreeNode {
  name: string;
  attributes: Attributes;
  status: SpanStatus;
  /** The span's own events (`span.addEvent`, recorded exceptions), in order. */
  events: { name: string; attributes: Attributes }[];
  /** Child spans in start order. */
  children: SpanTreeNode[];
}

/** The start sequence number of a span, if known; see {@link buildSpanTree}. */
export type StartSequence = (spanId: string) => number | undefined;

function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * Arranges finished spans into trees: roots and children in start order. A span whose
 * parent is not among `spans` (never finished, or from another service) is a root.
 * `startSequence` orders spans that share a start time (it has millisecond resolution);
 * within one instant a span with no known sequence comes first (it started before the
 * sequence was kept, or outside `withSpan`/`startSpan`).
 */
export function buildSpanTree(spans: readonly ReadableSpan[], startSequence?: StartSequence): SpanTreeNode[] {
  const sequenceOf = (span: ReadableSpan): number => startSequence?.(span.spanContext().spanId) ?? -1;
  // Array.prototype.sort is stable: spans that still tie keep export order.
  const byStart = spans
    .slice()
    .sort((a, b) => compareHrTime(a.startTime, b.startTime) || sequenceOf(a) - sequenceOf(b));
  const nodeBySpanId = new Map<string, SpanTreeNode>();
  for (const span of byStart) {
    nodeBySpanId.set(span.spanContext().spanId, {
      name: span.name,
      attributes: span.attributes,
      status: span.status,
      events: span.events.map((event) => ({ name: event.name, attributes: event.attributes ?? {} })),
      children: [],
    });
  }
  const roots: SpanTreeNode[] = [];
  for (const span of byStart) {
    const node = nodeBySpanId.get(span.spanContext().spanId) as SpanTreeNode;
    const parentId = span.parentSpanContext?.spanId;
    const parent = parentId === undefined ? undefined : nodeBySpanId.get(parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
