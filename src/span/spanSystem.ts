// CONTRACT (implemented in src/span/): the factory telemetry.ts calls.
import type { Attributes, Tracer } from '@opentelemetry/api';
import type { PreparedEvent, EventSystem } from '../sampled/eventSystem.js';
import type { SpansApi, SpansHealth } from './types.js';

/** What the span part needs from error context, handed in by telemetry.ts. */
export interface SpanErrorHooks {
  /** Enriches an error escaping a span, in the span's own context (once per error). */
  enrichEscaping(error: unknown): void;
  /** Attributes of the `exception` span event for `error` (type, message, stack, error.context.*). */
  exceptionAttributes(error: unknown): Attributes;
}

export interface SpanSystemDeps {
  tracer: Tracer;
  events: Pick<EventSystem, 'prepare'>;
  errors: SpanErrorHooks;
}

export interface SpanSystem extends SpansApi {
  health(): SpansHealth;
  /** Ends every still-open span with status ERROR and `telemetry.span.abandoned = true`; returns how many. */
  endOpenSpans(): number;
  /** After this, `withSpan` runs `fn` with no span and `startSpan` returns a non-recording handle. */
  stop(): void;
}

export type { PreparedEvent };
export declare function createSpanSystem(deps: SpanSystemDeps): SpanSystem;
