/** The longest delay a Node timer takes; a longer one fires after 1 ms with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits for `work` at most `timeoutMs` (`Infinity`: as long as a timer can wait, about
 * 24 days). Resolves `'settled'` or `'timeout'`, never rejects (a rejection counts as
 * settled), and its timer never keeps the process alive.
 */
export function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<'settled' | 'timeout'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), Math.min(timeoutMs, MAX_TIMER_MS));
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      resolve('settled');
    };
    work.then(done, done);
  });
}

/** Runs `start` and turns a synchronous throw into a rejected promise. */
export function attempt(start: () => Promise<unknown> | undefined): Promise<unknown> {
  try {
    return Promise.resolve(start());
  } catch (error) {
    return Promise.reject(error);
  }
}
