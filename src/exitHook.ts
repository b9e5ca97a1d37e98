/**
 * Runs `onEmpty` once when the event loop empties (`beforeExit`), unless the returned
 * cancel function is called first. The listener is what lets a script that forgot
 * `shutdown()` still deliver its telemetry; it adds no timer or handle, so it never keeps
 * the process alive. Each hook raises the process's listener limit by one while armed,
 * so many instances do not trigger Node's leak warning. `beforeExit` does not fire on
 * `process.exit()` or a fatal signal.
 */
export function onEventLoopEmpty(onEmpty: () => void): () => void {
  let armed = true;
  const listener = (): void => {
    cancel();
    onEmpty();
  };
  function cancel(): void {
    if (!armed) return;
    armed = false;
    process.removeListener('beforeExit', listener);
    adjustListenerLimit(-1);
  }
  adjustListenerLimit(1);
  process.on('beforeExit', listener);
  return cancel;
}

function adjustListenerLimit(delta: number): void {
  const limit = process.getMaxListeners();
  // 0 means unlimited: nothing to adjust.
  if (limit !== 0 && limit !== Infinity) process.setMaxListeners(Math.max(1, limit + delta));
}
