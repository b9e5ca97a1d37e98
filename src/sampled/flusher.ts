import type { Clock } from '../config/options.js';

/**
 * Runs `tick` every `intervalMs` on `clock` (the real clock's timer is unref'd, so it never
 * keeps the process alive). Returns the function that stops it.
 */
export function startFlusher(clock: Clock, intervalMs: number, tick: () => void): () => void {
  const handle = clock.setInterval(() => {
    try {
      tick();
    } catch {
      // A timer callback that throws would become an uncaught exception in the application.
    }
  }, intervalMs);
  return () => clock.clearInterval(handle);
}
