/** Reads served from one `Date.now()` within a synchronous stretch before the clock is read again. */
export const READS_PER_CLOCK_READ = 16;

/**
 * `Date.now()` for the emit path, read at most once per turn of the event loop and again
 * every `READS_PER_CLOCK_READ` reads within a turn. Reading the system clock costs about as
 * much as the rest of a suppressed `emitEvent` together; a loop of emits pays it once per
 * sixteen calls instead. The time given is never older than the current turn's first read or
 * the fifteenth-to-last emit, so a window boundary is missed only by the time a synchronous
 * stretch spends between two clock reads. `stale()` drops the cached time at once (after
 * handlers ran: they may have taken long).
 */
export class TurnClock {
  #now = 0;
  #readsLeft = 0;
  #expiryQueued = false;
  readonly #expire = (): void => {
    this.#readsLeft = 0;
    this.#expiryQueued = false;
  };

  now(): number {
    if (this.#readsLeft > 0) {
      this.#readsLeft--;
      return this.#now;
    }
    const now = Date.now();
    this.#now = now;
    this.#readsLeft = READS_PER_CLOCK_READ - 1;
    if (!this.#expiryQueued) {
      // The cached time ends with this turn: the microtask runs before the event loop moves on.
      this.#expiryQueued = true;
      queueMicrotask(this.#expire);
    }
    return now;
  }

  stale(): void {
    this.#readsLeft = 0;
  }
}
