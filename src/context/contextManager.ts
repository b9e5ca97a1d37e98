import { context, type Context, type ContextManager } from '@opentelemetry/api';

/**
 * Where `@opentelemetry/api` 1.x keeps what is registered with it (`Symbol.for` of this name,
 * so every copy of the API in the process shares it).
 */
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');

type ApiGlobals = Record<symbol, { context?: ContextManager } | undefined>;

/**
 * The registered context manager, read where the API registers it. `context.active()` and
 * `context.with()` look it up the same way and check the registering API's version on every
 * call, which costs as much as the rest of a `getContext`; this runs on every scope and span.
 */
function registeredManager(): ContextManager | undefined {
  return (globalThis as unknown as ApiGlobals)[API_GLOBALS]?.context;
}

/** `context.active()`, talking to the registered context manager directly. */
export function activeContext(): Context {
  const manager = registeredManager();
  return manager === undefined ? context.active() : manager.active();
}

/** `context.with(ctx, fn, undefined, ...args)`, talking to the registered context manager directly. */
export function runInContext<A extends unknown[], R>(ctx: Context, fn: (...args: A) => R, ...args: A): R {
  const manager = registeredManager();
  return manager === undefined ? context.with(ctx, fn, undefined, ...args) : manager.with(ctx, fn, undefined, ...args);
}

/**
 * Calls `fn` with `thisArg` and `args` in `ctx`. `Reflect.apply` rather than binding `fn`
 * (as `context.with(ctx, fn, thisArg)` does): a function object may have a `bind` of its
 * own (an Express app has one for the HTTP method BIND).
 */
export function applyInContext<This, A extends unknown[], R>(ctx: Context, fn: (this: This, ...args: A) => R, thisArg: This, args: A): R {
  return runInContext(ctx, applyFunction<This, A, R>, fn, thisArg, args);
}

function applyFunction<This, A extends unknown[], R>(fn: (this: This, ...args: A) => R, thisArg: This, args: A): R {
  return Reflect.apply(fn, thisArg, args);
}
