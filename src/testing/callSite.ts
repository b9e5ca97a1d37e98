/** The stack frames of a call, captured when it was made, for an error raised later. */
export interface CallSite {
  readonly stack?: string;
}

/**
 * Captures the stack of the code that called `callee`, leaving out `callee` and what it
 * called. A wait that fails after a timer has only the timer's frames; the call site's
 * point at the test line that waited.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any function can be the callee
export function captureCallSite(callee: Function): CallSite {
  const callSite: { stack?: string } = {};
  Error.captureStackTrace(callSite, callee);
  return callSite;
}

/** An `Error` with `message` whose stack is that of `callSite`. */
export function errorAt(callSite: CallSite, message: string, options?: ErrorOptions): Error {
  const error = new Error(message, options);
  const frames = callSite.stack?.split('\n').filter((line) => /^\s+at /.test(line));
  if (frames !== undefined && frames.length > 0) error.stack = `${error.name}: ${message}\n${frames.join('\n')}`;
  return error;
}
