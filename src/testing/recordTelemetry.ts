import { context as contextApi, isSpanContextValid, trace } from '@opentelemetry/api';
import type { LogRecord } from '@opentelemetry/api-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { RECORDING_POINT, type RecordingPoint } from '../recordingPoint.js';
import type { Telemetry } from '../telemetry.js';
import { EVENT_RECORDER } from './createTestTelemetry.js';
import { createEventRecorder, type EventFilter, type EventRecorder, type RecordedEvent } from './eventRecorder.js';
import { createSpanStartOrder } from './spanStartOrder.js';
import { buildSpanTree, type SpanTreeNode } from './spanTree.js';
import type { RecordedLog } from './telemetryViews.js';

/** What {@link recordTelemetry} recorded of an instance since it was called. */
export interface TelemetryRecording {
  /** Spans started after the call, in the order they ended. */
  spans(): ReadableSpan[];
  /** The recorded spans as trees, roots and children in start order. */
  spanTree(): SpanTreeNode[];
  /** Every event executed on the instance's bus, optionally only those matching `filter`. */
  events(filter?: EventFilter): RecordedEvent[];
  /** Every log record the instance emitted, in order. */
  logs(): RecordedLog[];
  /** Forgets what was recorded so far; recording goes on. */
  reset(): void;
  /** Ends the recording (idempotent); what was recorded stays readable. */
  stop(): void;
}

/**
 * Records an instance made by `createTelemetry` elsewhere (a module-level instance the
 * application imports) from this call on: its spans, bus events and log records, for
 * assertions. The matchers of `foundation-telemetry/vitest` and `waitForEvent` accept the
 * recording. The instance keeps its exporters and clock; `stop()` detaches the recording.
 *
 * @example
 * import { telemetry } from '../src/telemetry.js';
 * const recording = recordTelemetry(telemetry);
 * afterEach(() => recording.reset());
 * after(() => recording.stop());
 *
 * await placeOrder({ orderId: 'o-1' });
 * expect(recording).toHaveSpan('checkout.charge', { parent: 'POST /orders' });
 * await waitForEvent(recording, 'order.placed');
 */
export function recordTelemetry(telemetry: Telemetry): TelemetryRecording {
  const point = recordingPointOf(telemetry);
  const events = createEventRecorder();
  const startOrder = createSpanStartOrder();
  const spans: ReadableSpan[] = [];
  const logs: RecordedLog[] = [];
  const detach = point.record({
    event(event, measurements, metadata, at) {
      startOrder.observe(event, metadata);
      events.observe(event, measurements, metadata, at);
    },
    // Ended SDK spans are readable spans: the same objects the span processors receive.
    spanEnded: (span) => spans.push(span as unknown as ReadableSpan),
    logEmitted: (record) => logs.push(recordedLog(record)),
  });

  const recording: TelemetryRecording & { [EVENT_RECORDER]: EventRecorder } = {
    spans: () => spans.slice(),
    spanTree: () => buildSpanTree(spans, startOrder.sequenceOf),
    events: (filter?: EventFilter) => events.events(filter),
    logs: () => logs.slice(),
    reset() {
      spans.length = 0;
      logs.length = 0;
      events.clear();
      startOrder.clear();
    },
    stop: detach,
    [EVENT_RECORDER]: events,
  };
  return recording;
}

function recordingPointOf(telemetry: unknown): RecordingPoint {
  const point =
    typeof telemetry === 'object' && telemetry !== null ? (telemetry as { [RECORDING_POINT]?: RecordingPoint })[RECORDING_POINT] : undefined;
  if (point === undefined) {
    throw new TypeError(
      `recordTelemetry: telemetry must be an instance made by createTelemetry(), got ${telemetry === null ? 'null' : typeof telemetry === 'object' ? 'an object without its recording point' : typeof telemetry}`,
    );
  }
  return point;
}

/** A log record as the test kit shows it; trace and span ids from its context, as the SDK takes them. */
function recordedLog(record: LogRecord): RecordedLog {
  const view: RecordedLog = {
    eventName: record.eventName,
    severityText: record.severityText,
    body: record.body,
    attributes: { ...record.attributes },
  };
  const spanContext = trace.getSpanContext(record.context ?? contextApi.active());
  if (spanContext !== undefined && isSpanContextValid(spanContext)) {
    view.traceId = spanContext.traceId;
    view.spanId = spanContext.spanId;
  }
  return view;
}
