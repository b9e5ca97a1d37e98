import type { Breadcrumb } from '../context/flowScope.js';

export type ContextFields = Record<string, unknown>;

/** A string record that carries a trace and its propagated context (HTTP headers, a queue message). */
export type Carrier = Record<string, string | string[] | undefined>;

export interface ErrorContextApi {
  withContext<T>(fields: ContextFields, fn: () => T): T;
  getContext(): Readonly<ContextFields>;
  setContext(fields: ContextFields): void;
  clearContext(): void;
  enrichError<E>(err: E): E;
  addBreadcrumb(message: string, data?: Record<string, unknown>): void;
  captureError<E>(err: E, metadata?: Record<string, unknown>): E;
  logFields(): Record<string, unknown>;
  inject<C extends Carrier>(carrier: C): C;
  extract<T>(carrier: Carrier, fn: () => T): T;
}

export interface ErrorContextHealth {
  /** Breadcrumbs dropped because a scope already held `maxBreadcrumbs` (oldest go first). */
  breadcrumbsDropped: number;
  /** Errors that could not be enriched (frozen, sealed, or a `context` property that cannot be set). */
  enrichFailed: number;
  /** Keys left out of redacted copies because an object had more than `maxKeys`. */
  keysDropped: number;
  /** Strings cut to `maxValueLength` in redacted copies. */
  valuesCut: number;
}

export type { Breadcrumb };
