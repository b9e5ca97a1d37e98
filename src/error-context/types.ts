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
  breadcrumbsDropped: number;
  enrichFailed: number;
}

export type { Breadcrumb };
