import type { EventName } from '../sampled/types.js';
import { recorderOf, type TestTelemetry } from './createTestTelemetry.js';
import { describeEventsSeen } from './describeRecorded.js';
import { eventLabel, toEventPath } from './eventName.js';
import { eventPredicate, type RecordedEvent } from './eventRecorder.js';
import { checkDuration } from './waitFor.js';

export interface WaitForEventOptions {
  /** Real milliseconds to wait before rejecting; default 1000. */
  timeoutMs?: number;
  /** Only an event for which this returns true counts. */
  where?: (recorded: RecordedEvent) => boolean;
}

/**
 * Resolves with the first recorded event named `event` (and accepted by `where`), whether
 * it was executed before the call or arrives later. Rejects after `timeoutMs` with a
 * message listing the events seen (names, counts and metadata keys), or at once if
 * `where` throws.
 *
 * @example
 * const t = createTestTelemetry();
 * queueJob(t);
 * const done = await waitForEvent(t, 'job.done', { where: (e) => e.metadata.jobId === 7 });
 * assert.equal(done.measurements.attempts, 1);
 */
export function waitForEvent(
  telemetry: TestTelemetry,
  event: EventName,
  options: WaitForEventOptions = {},
): Promise<RecordedEvent> {
  const recorder = recorderOf(telemetry, 'waitForEvent: telemetry');
  const path = toEventPath(event, 'waitForEvent: event');
  const timeoutMs = checkDuration(options.timeoutMs ?? 1000, 'waitForEvent: options.timeoutMs');
  const { where } = options;
  if (where !== undefined && typeof where !== 'function') {
    throw new TypeError(`waitForEvent: options.where must be a function, got ${typeof where}`);
  }
  const named = eventPredicate(path, 'waitForEvent: event');
  const matches = (recorded: RecordedEvent): boolean => named(recorded) && (where === undefined || where(recorded));

  return new Promise<RecordedEvent>((resolve, reject) => {
    try {
      const past = recorder.events().find(matches);
      if (past) {
        resolve(past);
        return;
      }
    } catch (error) {
      reject(error);
      return;
    }
    // Not unref'd: a pending wait must keep the process alive until it reports.
    const deadline = setTimeout(() => {
      unsubscribe();
      const wanted = `${eventLabel(path)}${where ? ' matching `where`' : ''}`;
      reject(new Error(`waitForEvent: no ${wanted} within ${timeoutMs}ms; ${describeEventsSeen(recorder.events())}`));
    }, timeoutMs);
    const unsubscribe = recorder.subscribe((recorded) => {
      let found: boolean;
      try {
        found = matches(recorded);
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      if (!found) return;
      finish();
      resolve(recorded);
    });
    function finish(): void {
      clearTimeout(deadline);
      unsubscribe();
    }
  });
}
