import type { LogEventSelection } from '../config/options.js';
import { EventOrigin, type EventTap, type TappedEventName } from '../sampled/eventTap.js';
import type { EventLog, Severity } from './eventLog.js';

/** Events that `'emitted'` logs although they are executed, not emitted, and the severity they default to. */
const LOGGED_EXECUTIONS: Readonly<Record<string, Severity>> = Object.freeze({
  'error.captured': 'error',
  'telemetry.handler.failure': 'error',
  'telemetry.export.failure': 'error',
});

/** Span events are spans already: never log records. */
const SPAN_EVENTS = Object.freeze(['span.start', 'span.stop', 'span.exception']);

/**
 * The bus tap that turns events into log records, as `logs.events` selects them:
 * `'emitted'` takes every occurrence executed by `emitEvent`, every suppression summary
 * and batch, and the captured errors and failures; `'all'` adds every execution but span
 * events; a predicate sees each of those (as handlers see it: a summary is
 * `['suppressed', ...event]`) and keeps those it returns true for. A summary or batch is
 * logged under the name of its event (`db.error`, not `suppressed.db.error`).
 */
export function createLogBridge(log: EventLog, selection: Exclude<LogEventSelection, 'none'>): EventTap {
  const predicate = typeof selection === 'function' ? selection : undefined;
  return {
    takesExecutionsOf(event: readonly string[]): boolean {
      const key = event.join('.');
      if (selection === 'emitted') return loggedExecutionSeverity(key) !== undefined;
      return !SPAN_EVENTS.includes(key);
    },
    take(origin, event, measurements, metadata, at, occurrence, suppressed): void {
      if (predicate !== undefined && !selects(predicate, event, metadata)) return;
      switch (origin) {
        case EventOrigin.summary:
          log.summary(unprefixed(event), measurements.count ?? 0, metadata, at, occurrence);
          return;
        case EventOrigin.batch:
          log.batch(unprefixed(event), measurements, metadata, at);
          return;
        case EventOrigin.emitted:
          log.occurrence(event.key, measurements, metadata, at, 'info', suppressed);
          return;
        default:
          log.execution(event.key, measurements, metadata, at, loggedExecutionSeverity(event.key) ?? 'info');
      }
    },
  };
}

/** The default severity of an execution `'emitted'` logs; own keys only, so an event named `constructor` is none. */
function loggedExecutionSeverity(key: string): Severity | undefined {
  return Object.hasOwn(LOGGED_EXECUTIONS, key) ? LOGGED_EXECUTIONS[key] : undefined;
}

/** The name of the event a summary or batch stands for: its name without the first part. */
function unprefixed(event: TappedEventName): string {
  return event.parts.slice(1).join('.');
}

/** A predicate that throws keeps the record: a log record is not lost to a faulty filter. */
function selects(predicate: (event: readonly string[], metadata: Readonly<Record<string, unknown>>) => boolean, event: TappedEventName, metadata: Readonly<Record<string, unknown>>): boolean {
  try {
    return predicate(event.parts, metadata) === true;
  } catch {
    return true;
  }
}
