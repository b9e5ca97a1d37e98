import { currentScope, type FlowScope } from '../context/flowScope.js';

/**
 * The innermost scope of the active flow. Throws when there is none: writing context
 * outside a scope would need a hidden process-wide fallback, which this library refuses.
 */
export function requireScope(call: string): FlowScope {
  const scope = currentScope();
  if (scope === undefined) {
    throw new Error(
      `${call} needs a scope: call it inside telemetry.withContext(fields, fn) or telemetry.withSpan(name, fn), ` +
        'whose innermost scope it writes to',
    );
  }
  return scope;
}
