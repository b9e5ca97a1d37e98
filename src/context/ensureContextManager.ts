import { context, ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

const PROBE_KEY = createContextKey('foundation-telemetry.context-probe');

/** True when the registered context manager carries a value into a callback. */
function contextManagerWorks(): boolean {
  const probe = ROOT_CONTEXT.setValue(PROBE_KEY, true);
  return context.with(probe, () => context.active().getValue(PROBE_KEY) === true);
}

/**
 * Registers `AsyncLocalStorageContextManager` unless a working context manager (for
 * example the NodeSDK's) is already registered, which is then reused.
 * Returns whether this call registered one.
 */
export function ensureContextManager(): boolean {
  if (contextManagerWorks()) return false;
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  context.disable();
  context.setGlobalContextManager(manager);
  return true;
}
