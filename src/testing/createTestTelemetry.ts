import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TelemetryOptions } from '../config/options.js';
import { EXECUTED_OBSERVER, type InternalOptions } from '../internal.js';
import { createTelemetry, type Telemetry } from '../telemetry.js';
import { createEventRecorder, type EventFilter, type EventRecorder, type RecordedEvent } from './eventRecorder.js';
import { KeepingSpanExporter } from './keepingSpanExporter.js';
import { createManualClock, type ManualClock } from './manualClock.js';
import { createSpanStartOrder } from './spanStartOrder.js';
import { buildSpanTree, type SpanTreeNode } from './spanTree.js';

/**
 * Options of {@link createTestTelemetry}: those of `createTelemetry`, except the ones the
 * kit sets itself (exporter, span processor, provider). `clock` may be a manual clock of
 * your own, for example one shared by two instances or starting at another time.
 */
export interface TestTelemetryOptions extends Omit<TelemetryOptions, 'exporter' | 'spanProcessor' | 'tracerProvider' | 'clock'> {
  clock?: ManualClock;
}

/** A real `Telemetry` whose spans and executed events are kept for assertions. */
export interface TestTelemetry extends Telemetry {
  /** Finished spans in the order they ended; kept across `shutdown()`. */
  spans(): ReadableSpan[];
  /** Finished spans as trees, roots and children in start order. */
  spanTree(): SpanTreeNode[];
  /** Every executed bus event in execution order, optionally only those matching `filter`. */
  events(filter?: EventFilter): RecordedEvent[];
  /** The instance's clock: time moves only with `clock.advance(ms)`. */
  readonly clock: ManualClock;
  /** Forgets recorded spans and events (time, handlers, dedup windows and batches stay). */
  reset(): void;
}

/**
 * Key under which a test telemetry carries its recorder, for `waitForEvent`.
 * `Symbol.for`, so separately bundled entries agree on it.
 */
export const EVENT_RECORDER = Symbol.for('foundation-telemetry.test-event-recorder');

/**
 * Creates a real telemetry instance (same code paths as production) that records:
 * an in-memory exporter behind a simple span processor keeps every finished span, every
 * executed bus event is recorded, and time is a manual clock.
 *
 * @example
 * const t = createTestTelemetry({ events: { batchIntervalMs: 1000 } });
 * t.emitBatched('cache.miss', 1, { batchKey: 'users' });
 * t.clock.advance(1000);
 * t.events('batched.cache.miss'); // [{ event: ['batched', 'cache', 'miss'], measurements: { count: 1 }, ... }]
 */
export function createTestTelemetry(options: TestTelemetryOptions = {}): TestTelemetry {
  const clock = options.clock ?? createManualClock();
  const exporter = new KeepingSpanExporter();
  const recorder = createEventRecorder();
  const startOrder = createSpanStartOrder();
  // Drop what the kit owns even if an untyped caller passed it anyway.
  const { exporter: _exporter, spanProcessor: _processor, tracerProvider: _provider, ...rest } = options as TelemetryOptions;
  const telemetryOptions: TelemetryOptions & InternalOptions = {
    ...rest,
    exporter,
    spanProcessor: 'simple',
    clock,
    [EXECUTED_OBSERVER]: (event, measurements, metadata, at) => {
      startOrder.observe(event, metadata);
      recorder.observe(event, measurements, metadata, at);
    },
  };
  const telemetry = createTelemetry(telemetryOptions);

  const testTelemetry: TestTelemetry & { [EVENT_RECORDER]: EventRecorder } = {
    ...telemetry,
    spans: () => exporter.spans(),
    spanTree: () => buildSpanTree(exporter.spans(), startOrder.sequenceOf),
    events: (filter?: EventFilter) => recorder.events(filter),
    clock,
    reset() {
      exporter.clear();
      recorder.clear();
      startOrder.clear();
    },
    [EVENT_RECORDER]: recorder,
  };
  return testTelemetry;
}

/** The recorder of a test telemetry, or `undefined` for any other value. */
export function recorderIfAny(telemetry: unknown): EventRecorder | undefined {
  if (typeof telemetry !== 'object' || telemetry === null) return undefined;
  return (telemetry as { [EVENT_RECORDER]?: EventRecorder })[EVENT_RECORDER];
}
