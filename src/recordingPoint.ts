import type { Span, Tracer } from '@opentelemetry/api';
import type { Logger, LogRecord } from '@opentelemetry/api-logs';
import type { SwitchableObserver } from './sampled/bus.js';
import type { ExecutedObserver } from './sampled/eventSystem.js';
import type { Measurements, Metadata } from './sampled/types.js';

/**
 * Key under which an instance carries its {@link RecordingPoint}, for the test kit's
 * `recordTelemetry`. `Symbol.for`, so separately bundled entries agree on it.
 */
export const RECORDING_POINT = Symbol.for('foundation-telemetry.recording-point');

/** What a recorder attached to an instance is handed, as it happens. */
export interface InstanceRecorder {
  /** An event executed on the bus (span events included). */
  event(event: readonly string[], measurements: Measurements, metadata: Metadata, at: number): void;
  /** A span started while recording, just ended (before its `['span','stop' | 'exception']` event). */
  spanEnded(span: Span): void;
  /** A log record the instance emitted. */
  logEmitted(record: LogRecord): void;
}

/** Lets recorders attach to a running instance. */
export interface RecordingPoint {
  /** Hands `recorder` everything from now on; returns the function that detaches it. */
  record(recorder: InstanceRecorder): () => void;
}

/** The recording point of one instance, and the taps `createTelemetry` wires into its parts. */
export interface Recording {
  readonly point: RecordingPoint;
  /** The bus observer: on while the test kit's own observer is given or a recorder is attached. */
  readonly observer: SwitchableObserver;
  /** `tracer`, noting the spans started while recording so that their end can be recorded. */
  tracer(tracer: Tracer): Tracer;
  /** `logger`, handing each record to the recorders too. */
  logger(logger: Logger | undefined): Logger | undefined;
}

/** `['span','stop']` or `['span','exception']`: executed right after the span ended. */
function isSpanEnd(event: readonly string[]): boolean {
  return event.length === 2 && event[0] === 'span' && (event[1] === 'stop' || event[1] === 'exception');
}

/**
 * Creates the recording point of one instance. With no recorder attached (and no
 * `testObserver`), its observer is off and the bus skips it, and its tracer and logger
 * cost one check per span or record.
 *
 * @param testObserver the observer of `createTestTelemetry`, which sees every event for the instance's life.
 */
export function createRecording(testObserver: ExecutedObserver | undefined): Recording {
  const recorders = new Set<InstanceRecorder>();
  // Spans started while recording and not ended yet, by span id: their end event records them.
  const startedSpans = new Map<string, Span>();

  function observe(event: readonly string[], measurements: Measurements, metadata: Metadata, at: number): void {
    testObserver?.(event, measurements, metadata, at);
    if (recorders.size === 0) return;
    if (isSpanEnd(event)) {
      const spanId = metadata.spanId;
      const span = typeof spanId === 'string' ? startedSpans.get(spanId) : undefined;
      if (span !== undefined) {
        startedSpans.delete(spanId as string);
        for (const recorder of recorders) recorder.spanEnded(span);
      }
    }
    for (const recorder of recorders) recorder.event(event, measurements, metadata, at);
  }
  // A plain property, written when recorders come and go: the bus reads it on every dispatch.
  const observer: { switchedOn: boolean } & ExecutedObserver = Object.assign(observe, { switchedOn: testObserver !== undefined });
  const switchObserver = (): void => {
    observer.switchedOn = testObserver !== undefined || recorders.size > 0;
  };

  return {
    point: {
      record(recorder: InstanceRecorder): () => void {
        recorders.add(recorder);
        switchObserver();
        return () => {
          recorders.delete(recorder);
          switchObserver();
          if (recorders.size === 0) startedSpans.clear();
        };
      },
    },
    observer,
    tracer(tracer: Tracer): Tracer {
      return {
        startSpan(name, options, context) {
          const span = tracer.startSpan(name, options, context);
          if (recorders.size > 0 && span.isRecording()) startedSpans.set(span.spanContext().spanId, span);
          return span;
        },
        // The span system starts its spans with startSpan; this one is passed through.
        startActiveSpan: tracer.startActiveSpan.bind(tracer),
      };
    },
    logger(logger: Logger | undefined): Logger | undefined {
      if (logger === undefined) return undefined;
      return {
        emit(record: LogRecord): void {
          logger.emit(record);
          // Checked first: iterating even an empty Set allocates an iterator, on every record.
          if (recorders.size > 0) for (const recorder of recorders) recorder.logEmitted(record);
        },
        enabled: (options) => logger.enabled(options),
      };
    },
  };
}
