import type { EventName } from '../sampled/types.js';
import { recorderIfAny } from './createTestTelemetry.js';
import { describeEventsSeen } from './describeRecorded.js';
import { eventLabel, toEventPath } from './eventName.js';
import { eventPredicate, type EventRecorder, type RecordedEvent } from './eventRecorder.js';
import { captureCallSite, errorAt } from './callSite.js';
import { checkDuration } from './waitFor.js';

export interface WaitForEventOptions {
  /** Real milliseconds to wait before rejecting; default 1000. */
  timeoutMs?: number;
  /** Only an event for which this returns true counts. */
  where?: (recorded: RecordedEvent) => boolean;
}

/** What `waitForEvent` reads: a test telemetry, a `recordTelemetry` recording, or any object with its `events()`. */
export interface RecordedEventSource {
  events(): readonly RecordedEvent[];
}

/** How often events are re-read from a source that is not a test telemetry. */
const POLL_INTERVAL_MS = 10;

/**
 * Resolves with the first recorded event named `event` (and accepted by `where`), whether
 * it was executed before the call or arrives later. Rejects after `timeoutMs` with a
 * message listing the events seen (names, counts and metadata keys), or at once if
 * `where` throws; its stack trace points at the line that called `waitForEvent`. A test
 * telemetry and a recording report new events as they are executed; any other object
 * with an `events()` method is read again every 10 ms.
 *
 * @example
 * const t = createTestTelemetry();
 * queueJob(t);
 * const done = await waitForEvent(t, 'job.done', { where: (e) => e.metadata.jobId === 7 });
 * assert.equal(done.measurements.attempts, 1);
 */
export function waitForEvent(
  telemetry: RecordedEventSource,
  event: EventName,
  options: WaitForEventOptions = {},
): Promise<RecordedEvent> {
  const callSite = captureCallSite(waitForEvent);
  const source = watchedSourceOf(telemetry);
  const path = toEventPath(event, 'waitForEvent: event');
  const timeoutMs = checkDuration(options.timeoutMs ?? 1000, 'waitForEvent: options.timeoutMs');
  const { where } = options;
  if (where !== undefined && typeof where !== 'function') {
    throw new TypeError(`waitForEvent: options.where must be a function, got ${typeof where}`);
  }
  const named = eventPredicate(path, 'waitForEvent: event');
  const matches = (recorded: RecordedEvent): boolean => named(recorded) && (where === undefined || where(recorded));

  return new Promise<RecordedEvent>((resolve, reject) => {
    /** Settles with the event `find` returns or the error it throws; true once settled. */
    function settleIfFound(find: () => RecordedEvent | undefined): boolean {
      let found: RecordedEvent | undefined;
      try {
        found = find();
      } catch (error) {
        reject(error);
        return true;
      }
      if (found !== undefined) resolve(found);
      return found !== undefined;
    }
    const findPast = (): RecordedEvent | undefined => source.events().find(matches);
    if (settleIfFound(findPast)) return;

    // Not unref'd: a pending wait must keep the process alive until it reports.
    const deadline = setTimeout(() => {
      stopWatching();
      const wanted = `${eventLabel(path)}${where ? ' matching `where`' : ''}`;
      reject(errorAt(callSite, `waitForEvent: no ${wanted} within ${timeoutMs}ms; ${describeEventsSeen(source.events())}`));
    }, timeoutMs);
    const settleOrKeepWatching = (find: () => RecordedEvent | undefined): void => {
      if (!settleIfFound(find)) return;
      clearTimeout(deadline);
      stopWatching();
    };
    const stopWatching = source.recorder
      ? source.recorder.subscribe((recorded) => settleOrKeepWatching(() => (matches(recorded) ? recorded : undefined)))
      : pollEvery(POLL_INTERVAL_MS, () => settleOrKeepWatching(findPast));
  });
}

/** Calls `check` every `intervalMs`; returns the function that stops it. */
function pollEvery(intervalMs: number, check: () => void): () => void {
  const poller = setInterval(check, intervalMs);
  return () => clearInterval(poller);
}

interface WatchedSource {
  events(): readonly RecordedEvent[];
  /** Present for a test telemetry and a recording: they report each new event as it is executed. */
  recorder: EventRecorder | undefined;
}

function watchedSourceOf(telemetry: unknown): WatchedSource {
  const recorder = recorderIfAny(telemetry);
  if (recorder) return { events: () => recorder.events(), recorder };
  const candidate = telemetry as Partial<RecordedEventSource> | null | undefined;
  if (typeof candidate?.events !== 'function') {
    throw new TypeError(
      `waitForEvent: telemetry must be a telemetry made by createTestTelemetry(), a recordTelemetry() recording, or an object with an events() method, got ${describeKind(telemetry)}`,
    );
  }
  const source = candidate as RecordedEventSource;
  return { events: () => source.events(), recorder: undefined };
}

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  return 'an object without events()';
}
