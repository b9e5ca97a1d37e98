import { inspect } from 'node:util';
import { captureCallSite, errorAt, type CallSite } from './callSite.js';

export interface WaitForOptions {
  /** Real milliseconds to wait before rejecting; default 1000. */
  timeoutMs?: number;
  /** Real milliseconds between two evaluations of the condition; default 10. */
  intervalMs?: number;
  /** What is awaited, for the timeout message: `waitFor: <message>: condition not met …`. */
  message?: string;
}

/** `T` without its falsy members: what `waitFor` resolves with. */
export type Truthy<T> = Exclude<T, false | 0 | 0n | '' | null | undefined>;

/** Throws a `TypeError` unless `value` is a finite number >= 0. */
export function checkDuration(value: unknown, argument: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${argument} must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
}

/**
 * Evaluates `condition` (sync or async) now and then every `intervalMs` until it returns
 * a truthy value, and resolves with that value. Rejects after `timeoutMs` with a message
 * that shows the last value, or the last error the condition threw (also as `cause`), and
 * whose stack trace points at the line that called `waitFor`.
 * It waits in real time, for conditions that become true by themselves (a server
 * answering, a promise chain settling); for timers of a manual clock use `clock.advance`.
 *
 * @example
 * await waitFor(() => t.spans().length === 2);
 * const span = await waitFor(() => t.spans().find((s) => s.name === 'job.run'), { message: 'job.run span' });
 */
export function waitFor<T>(condition: () => T | PromiseLike<T>, options: WaitForOptions = {}): Promise<Truthy<Awaited<T>>> {
  if (typeof condition !== 'function') {
    throw new TypeError(`waitFor: condition must be a function, got ${typeof condition}`);
  }
  const callSite = captureCallSite(waitFor);
  const timeoutMs = checkDuration(options.timeoutMs ?? 1000, 'waitFor: options.timeoutMs');
  const intervalMs = checkDuration(options.intervalMs ?? 10, 'waitFor: options.intervalMs');
  const { message } = options;
  if (message !== undefined && typeof message !== 'string') {
    throw new TypeError(`waitFor: options.message must be a string, got ${typeof message}`);
  }
  const header = message === undefined ? 'waitFor' : `waitFor: ${message}`;

  return new Promise<Truthy<Awaited<T>>>((resolve, reject) => {
    let settled = false;
    let lastOutcome: { threw: false; value: unknown } | { threw: true; error: unknown } | undefined;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;

    // Not unref'd: a pending wait must keep the process alive, or a runner could exit
    // before the timeout reports the failure.
    const deadline = setTimeout(() => {
      settled = true;
      clearTimeout(pollTimer);
      reject(timeoutError(callSite, header, timeoutMs, lastOutcome));
    }, timeoutMs);

    const poll = async (): Promise<void> => {
      try {
        const value = await condition();
        if (settled) return;
        if (value) {
          settled = true;
          clearTimeout(deadline);
          resolve(value as Truthy<Awaited<T>>);
          return;
        }
        lastOutcome = { threw: false, value };
      } catch (error) {
        if (settled) return;
        lastOutcome = { threw: true, error };
      }
      pollTimer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
  });
}

function timeoutError(
  callSite: CallSite,
  header: string,
  timeoutMs: number,
  lastOutcome: { threw: false; value: unknown } | { threw: true; error: unknown } | undefined,
): Error {
  const base = `${header}: condition not met within ${timeoutMs}ms`;
  if (lastOutcome === undefined) return errorAt(callSite, `${base}; it never returned`);
  if (!lastOutcome.threw) return errorAt(callSite, `${base}; last value: ${inspect(lastOutcome.value, { depth: 2 })}`);
  const { error } = lastOutcome;
  const described = error instanceof Error ? `${error.name}: ${error.message}` : inspect(error, { depth: 2 });
  return errorAt(callSite, `${base}; last error: ${described}`, { cause: error });
}
