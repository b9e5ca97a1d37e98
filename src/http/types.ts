import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpanHandle } from '../span/types.js';

/** Options of `http.handler`, `http.express` and `http.fastify`. */
export interface HttpOptions {
  /** Requests for which it returns `true` get no span, no scope and no error handling. */
  ignore?: (req: IncomingMessage) => boolean;
  /** Called with the server span once it started; add attributes read from the request. */
  requestHook?: (span: SpanHandle, req: IncomingMessage) => void;
  /** Header that carries the request id; default `'x-request-id'`. */
  requestIdHeader?: string;
}

/** `next` of Express and Connect. */
export type NextFunction = (error?: unknown) => void;

/** Middleware for Express 4 and 5 and Connect: `app.use(telemetry.http.express())`, before the routes. */
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** Error middleware for Express: `app.use(telemetry.http.expressErrors())`, after the routes. */
export type ExpressErrorMiddleware = (error: unknown, req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/** What the Fastify plugin needs of the instance it is registered on. */
export interface FastifyInstanceLike {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
}

/** A Fastify plugin (4 and 5) that applies to every route: `await app.register(telemetry.http.fastify())`. */
export type FastifyPlugin = (instance: FastifyInstanceLike, options: unknown, done: (error?: Error) => void) => void;

/** The HTTP server integration of one instance (`telemetry.http`). */
export interface HttpApi {
  /**
   * Wraps a `node:http`/`node:https` request listener: each request runs with its server
   * span and request scope active; the span ends when the response finishes or the
   * connection closes. Returns what `fn` returns (a native promise as a new promise that
   * settles the same way).
   *
   * @example
   * http.createServer(telemetry.http.handler(async (req, res) => { res.end('ok'); }));
   */
  handler<R>(fn: (req: IncomingMessage, res: ServerResponse) => R, options?: HttpOptions): (req: IncomingMessage, res: ServerResponse) => R;
  /** Express 4/5 and Connect middleware; use it first. The route template names the span when the response ends. */
  express(options?: HttpOptions): ExpressMiddleware;
  /** Express error middleware; use it after the routes. Records the error on the request's span and passes it on unchanged. */
  expressErrors(): ExpressErrorMiddleware;
  /** Fastify 4/5 plugin, not encapsulated: register it once at the root, before the routes. */
  fastify(options?: HttpOptions): FastifyPlugin;
}
