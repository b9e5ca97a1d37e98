import { activeContext } from '../context/contextManager.js';
import { currentScope } from '../context/flowScope.js';
import { validSpanContext } from './flowTrace.js';
import { EMPTY_CONTEXT, mergedContext } from './mergedContext.js';
import type { Redactor } from './redaction.js';

export type LogFields = () => Record<string, unknown>;

/**
 * Creates `logFields`: `{ trace_id, span_id, ...context }` of the active flow, redacted
 * and cut, for a logger mixin. `trace_id`/`span_id` appear only while a valid span (local,
 * or remote after `extract`) is active; outside any flow the result is `{}`. A fresh
 * object each call, so a logger may keep or change it.
 *
 * @example
 * const logger = pino({ mixin: () => telemetry.logFields() });
 */
export function createLogFields(redactor: Redactor): LogFields {
  return function logFields() {
    const active = activeContext();
    const merged = mergedContext(currentScope(active));
    const spanContext = validSpanContext(active);
    const fields = merged === EMPTY_CONTEXT ? undefined : redactor.redactFields(merged);
    if (spanContext === undefined) return fields ?? {};
    return { trace_id: spanContext.traceId, span_id: spanContext.spanId, ...fields };
  };
}
