import { INVALID_SPAN_CONTEXT, trace, type Attributes, type SpanOptions as OtelSpanOptions, type Tracer } from '@opentelemetry/api';
import type { Clock } from '../config/options.js';
import type { OwnEvent, EventSystem } from '../sampled/eventSystem.js';
import { guardErrorHooks } from './failureRecording.js';
import { OpenSpans } from './openSpans.js';
import { assertFunction, assertSpanName, assertTracedOptions, toOtelSpanOptions } from './spanArguments.js';
import { SpanEvents } from './spanEvents.js';
import type { SpanRuntime, TrackedSpanHandle } from './spanHandle.js';
import { activeSpan, currentTraceId, spanStack } from './spanStack.js';
import type { SpanHandle, SpanOptions, SpansApi, SpansHealth, TracedOptions } from './types.js';
import { UntrackedSpanHandle } from './untrackedSpanHandle.js';
import { applyInSpan, applyWithoutSpan, runInSpan, startTrackedSpan } from './withSpan.js';

/** What the span part needs from error context, handed in by telemetry.ts. */
export interface SpanErrorHooks {
  /** Enriches an error escaping a span, in the span's own context (once per error). */
  enrichEscaping(error: unknown): void;
  /** Attributes of the `exception` span event for `error` (type, message, stack, error.context.*). */
  exceptionAttributes(error: unknown): Attributes;
  /** Whether values under `key` are secret (`errorContext.redact`); span attributes under it are hidden. */
  isSecretKey?(key: string): boolean;
}

export interface SpanSystemDeps {
  tracer: Tracer;
  events: Pick<EventSystem, 'prepare'>;
  errors: SpanErrorHooks;
  /** The instance's clock; span event times and durations follow it unless it is the real clock. */
  clock?: Clock;
}

export interface SpanSystem extends SpansApi {
  health(): SpansHealth;
  /** Ends every still-open span with status ERROR and `telemetry.span.abandoned = true`; returns how many. */
  endOpenSpans(): number;
  /** After this, `withSpan` runs `fn` with no span and `startSpan` returns a non-recording handle. */
  stop(): void;
}

export type { OwnEvent };

/**
 * Builds the span part of one telemetry instance: its functions share the instance's
 * tracer, open-span accounting and bus events, and nothing else.
 */
export function createSpanSystem(deps: SpanSystemDeps): SpanSystem {
  const { tracer } = deps;
  const errors = guardErrorHooks(deps.errors);
  const openSpans = new OpenSpans<TrackedSpanHandle>();
  const isSecretKey = deps.errors.isSecretKey?.bind(deps.errors) ?? noSecrets;
  const runtime: SpanRuntime = { openSpans, spanEvents: new SpanEvents(deps.events, deps.clock), errors, isSecretKey };
  const noopSpan = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  let stopped = false;

  function withSpan<T>(name: string, fn: (span: SpanHandle) => T): T;
  function withSpan<T>(name: string, attributesOrOptions: Attributes | SpanOptions, fn: (span: SpanHandle) => T): T;
  function withSpan<T>(
    name: string,
    attributesOrFn: Attributes | SpanOptions | ((span: SpanHandle) => T),
    maybeFn?: (span: SpanHandle) => T,
  ): T {
    let fn: unknown = maybeFn;
    let options: OtelSpanOptions | undefined;
    assertSpanName(name, 'withSpan');
    // Two arguments and no object in second place: the second was meant as `fn`.
    if (maybeFn === undefined && (typeof attributesOrFn !== 'object' || attributesOrFn === null)) fn = attributesOrFn;
    else options = toOtelSpanOptions(attributesOrFn, 'withSpan');
    assertFunction(fn, 'fn', 'withSpan');
    const callback = fn as (span: SpanHandle) => T;
    if (stopped) return applyWithoutSpan(errors, callback, undefined, [new UntrackedSpanHandle(noopSpan, errors, isSecretKey, name)]);
    return runInSpan(startTrackedSpan(runtime, tracer, name, options), callback);
  }

  function traced<Args extends unknown[], R, This = unknown>(
    name: string,
    fn: (this: This, ...args: Args) => R,
    options?: TracedOptions<Args>,
  ): (this: This, ...args: Args) => R {
    assertSpanName(name, 'traced');
    assertFunction(fn, 'fn', 'traced');
    assertTracedOptions(options);
    const attributes = options?.attributes;
    const kind = options?.kind;
    const links = options?.links;
    const root = options?.root;
    const fixedOptions: OtelSpanOptions | undefined =
      typeof attributes === 'function' ? undefined : { attributes, kind, links, root };
    function callOptions(args: Args): OtelSpanOptions {
      return { attributes: attributesOf(attributes as (...args: Args) => Attributes, args), kind, links, root };
    }
    const wrapper = function (this: This, ...args: Args): R {
      if (stopped) return applyWithoutSpan(errors, fn, this, args);
      const handle = startTrackedSpan(runtime, tracer, name, fixedOptions ?? callOptions(args));
      return applyInSpan(handle, fn, this, args);
    };
    Object.defineProperty(wrapper, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: fn.length, configurable: true });
    return wrapper;
  }

  function startSpan(name: string, attributesOrOptions?: Attributes | SpanOptions): SpanHandle {
    assertSpanName(name, 'startSpan');
    const options = toOtelSpanOptions(attributesOrOptions, 'startSpan');
    if (stopped) return new UntrackedSpanHandle(noopSpan, errors, isSecretKey, name);
    return startTrackedSpan(runtime, tracer, name, options);
  }

  return {
    withSpan,
    traced,
    startSpan,
    activeSpan: () => activeSpan(errors, isSecretKey),
    spanStack,
    currentTraceId,
    health: () => openSpans.health(),
    endOpenSpans(): number {
      const open = openSpans.list();
      for (const handle of open) handle.abandon();
      return open.length;
    },
    stop(): void {
      stopped = true;
    },
  };
}

function noSecrets(): boolean {
  return false;
}

/** Attributes computed from a call's arguments; a throwing function costs the span its attributes, never the call. */
function attributesOf<Args extends unknown[]>(compute: (...args: Args) => Attributes, args: Args): Attributes | undefined {
  try {
    return compute(...args);
  } catch {
    return undefined;
  }
}
