import { SpanStatusCode, type Context } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { runInContext } from '../context/contextManager.js';
import type { SpanHandle } from '../span/types.js';
import { errorMessage } from '../untrustedValue.js';
import { serverSpanName } from './requestAttributes.js';

/** Set on a server span whose connection closed before the response finished. */
export const ABORTED_ATTRIBUTE = 'telemetry.http.aborted';

/** The route holder `@opentelemetry/instrumentation-http` puts in the context it runs a request in. */
export interface InstrumentationRoute {
  route?: string;
}

/** Reads the route template a router picked, once the response ended. */
export type RouteReader = (req: IncomingMessage) => string | undefined;

export interface ServerRequestParts {
  /** Where the request's handlers run: its scope and server span active. */
  context: Context;
  span: SpanHandle;
  /** False when another instrumentation started the server span: that one ends it. */
  ownsSpan: boolean;
  /** The instrumentation's route holder, when it made the span. */
  instrumentationRoute: InstrumentationRoute | undefined;
  /** The method as the conventions record it (see `conventionalMethod`). */
  method: string;
  /** For routers that pick the route after the middleware ran (Express). */
  routeAtEnd: RouteReader | undefined;
  /** Enriches the error in the active flow, records it on the active span and executes `['error','captured']`. */
  captureError(error: unknown): unknown;
}

const NOTHING_RECORDED = Symbol('nothing recorded');

/**
 * The telemetry of one incoming request: its context, its server span and how the span
 * ends. Nothing here may fail the request: every step that touches spans is guarded.
 */
export class ServerRequest {
  readonly context: Context;
  readonly span: SpanHandle;
  /** Called once the response ended, unless a route was set before. */
  routeAtEnd: RouteReader | undefined;
  readonly #parts: ServerRequestParts;
  #route: string | undefined;
  #failed = false;
  #lastRecorded: unknown = NOTHING_RECORDED;
  #settled = false;

  constructor(parts: ServerRequestParts) {
    this.context = parts.context;
    this.span = parts.span;
    this.routeAtEnd = parts.routeAtEnd;
    this.#parts = parts;
  }

  /** Names the span `METHOD route` and sets `http.route` (a route template, such as `/users/:id`). */
  setRoute(route: string): void {
    if (this.#route === route) return;
    this.#route = route;
    const holder = this.#parts.instrumentationRoute;
    if (holder !== undefined) holder.route = route;
    const span = this.span;
    if (!span.otelSpan.isRecording()) return;
    span.setAttribute(ATTR_HTTP_ROUTE, route);
    span.otelSpan.updateName(serverSpanName(this.#parts.method, route));
  }

  /** An error escaped the handler: captured and enriched in the request's flow, and the span marked ERROR. Once per error. */
  fail(error: unknown): void {
    if (error === this.#lastRecorded) return;
    this.#lastRecorded = error;
    this.#failed = true;
    try {
      runInContext(this.context, this.#parts.captureError, error);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    } catch {
      // Telemetry never changes the application's error path.
    }
  }

  /**
   * Ends the span when `res` closes: right after it finished, or when the connection closed
   * before the response was ended (marked aborted); one listener, on the event every
   * response emits last. A span another instrumentation made is ended by it on that same
   * event, before us: its route is set when the response finishes instead.
   */
  endWith(req: IncomingMessage, res: ServerResponse): void {
    if (this.#parts.ownsSpan) res.on('close', () => this.#settle(req, res, !res.writableEnded));
    else res.once('finish', () => this.#nameFromRouter(req));
  }

  #settle(req: IncomingMessage, res: ServerResponse, aborted: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    try {
      this.#nameFromRouter(req);
      this.#describeOutcome(res, aborted);
    } catch {
      // The span still ends below.
    }
    this.span.end();
  }

  /** Sets the route a router picked, once the response ended, unless one was set before. */
  #nameFromRouter(req: IncomingMessage): void {
    if (this.#route !== undefined) return;
    try {
      const route = this.routeAtEnd?.(req);
      if (route !== undefined) this.setRoute(route);
    } catch {
      // A route that cannot be read leaves the span named by its method.
    }
  }

  #describeOutcome(res: ServerResponse, aborted: boolean): void {
    const span = this.span;
    if (res.headersSent) {
      const status = res.statusCode;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (status >= 500) {
        span.setAttribute(ATTR_ERROR_TYPE, String(status));
        if (!this.#failed) span.setStatus({ code: SpanStatusCode.ERROR });
      }
    }
    if (aborted) span.setAttribute(ABORTED_ATTRIBUTE, true);
  }
}
