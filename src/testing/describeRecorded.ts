import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { eventLabel } from './eventName.js';
import type { RecordedEvent } from './eventRecorder.js';

/** `'unset' | 'ok' | 'error'` for a status code, the words `toHaveSpan` accepts. */
export function statusLabel(code: SpanStatusCode): 'unset' | 'ok' | 'error' {
  if (code === SpanStatusCode.ERROR) return 'error';
  if (code === SpanStatusCode.OK) return 'ok';
  return 'unset';
}

/**
 * The recorded events grouped by name and metadata keys, one line each, in order of
 * first appearance: `  - db.query ×2, metadata keys: [sql, rows]`.
 */
export function describeEventsSeen(recorded: readonly RecordedEvent[]): string {
  if (recorded.length === 0) return 'no events were executed';
  const groups = new Map<string, { name: string; keys: string; count: number }>();
  for (const { event, metadata } of recorded) {
    const name = eventLabel(event);
    const keys = Object.keys(metadata).join(', ');
    const groupKey = JSON.stringify([name, keys]);
    const group = groups.get(groupKey);
    if (group) group.count += 1;
    else groups.set(groupKey, { name, keys, count: 1 });
  }
  const lines = [...groups.values()].map(({ name, keys, count }) => `  - ${name} ×${count}, metadata keys: [${keys}]`);
  return `${recorded.length} event${recorded.length === 1 ? ' was' : 's were'} executed:\n${lines.join('\n')}`;
}

/** The event names executed, with counts, in order of first appearance: `db.query ×2, span.start ×1`. */
export function describeEventCounts(recorded: readonly RecordedEvent[]): string {
  if (recorded.length === 0) return 'no events were executed';
  const countByName = new Map<string, number>();
  for (const { event } of recorded) {
    const name = eventLabel(event);
    countByName.set(name, (countByName.get(name) ?? 0) + 1);
  }
  return [...countByName].map(([name, count]) => `${name} ×${count}`).join(', ');
}

/** The name of each span's parent among `spans`, or `undefined` for a root. */
export function parentNames(spans: readonly ReadableSpan[]): Map<ReadableSpan, string | undefined> {
  const nameBySpanId = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  return new Map(
    spans.map((span) => {
      const parentId = span.parentSpanContext?.spanId;
      return [span, parentId === undefined ? undefined : nameBySpanId.get(parentId)];
    }),
  );
}

/** One line per finished span: `  - checkout.charge (parent: http.request, status: error)`. */
export function describeSpansSeen(spans: readonly ReadableSpan[]): string {
  if (spans.length === 0) return 'no spans were finished';
  const parents = parentNames(spans);
  const lines = spans.map((span) => {
    const parent = parents.get(span);
    return `  - ${span.name} (${parent === undefined ? 'root' : `parent: ${parent}`}, status: ${statusLabel(span.status.code)})`;
  });
  return `${spans.length} span${spans.length === 1 ? ' was' : 's were'} finished:\n${lines.join('\n')}`;
}
