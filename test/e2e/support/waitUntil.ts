/**
 * Polls `condition` until it holds; for outcomes that arrive over a real socket, where no
 * event tells the test when. Rejects after `timeoutMs` with `what` in the message.
 */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
