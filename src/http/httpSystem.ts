import { SpanKind, type Attributes, type Context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { activeContext, applyInContext, runInContext } from '../context/contextManager.js';
import { requireFunction } from '../error-context/argumentChecks.js';
import type { Carrier, ContextFields } from '../error-context/types.js';
import type { SpanHandle, SpanOptions } from '../span/types.js';
import { expressRoute } from './expressRoute.js';
import { httpSettings, type HttpSettings } from './httpSettings.js';
import { conventionalMethod, requestAttributes, serverSpanName } from './requestAttributes.js';
import { requestIdOf } from './requestId.js';
import { recordingFailures } from './recordingFailures.js';
import { ServerRequest, type RouteReader } from './serverRequest.js';
import type { ExpressErrorMiddleware, ExpressMiddleware, FastifyInstanceLike, FastifyPlugin, HttpApi, NextFunction } from './types.js';

/** What the HTTP integration uses of the instance, handed in by telemetry.ts. */
export interface HttpDeps {
  startSpan(name: string, options: SpanOptions): SpanHandle;
  activeSpan(): SpanHandle | undefined;
  /** The context a request runs in: its remote parent (with `continueTrace`), propagated keys and `fields`. */
  requestContext(headers: Carrier, fields: Readonly<ContextFields>, continueTrace: boolean): Context;
  captureError(error: unknown): unknown;
  /** An `ignore` or `requestHook` function threw: the request went on without it. */
  hookFailed(hook: 'ignore' | 'requestHook', error: unknown): void;
}

/** The parts of a Fastify request and reply the plugin reads. */
interface FastifyRequestLike {
  raw: IncomingMessage;
  routeOptions?: { url?: string };
  routerPath?: string;
}
interface FastifyReplyLike {
  raw: ServerResponse;
}
interface FastifyRouteOptionsLike {
  handler?: unknown;
}

/**
 * Builds `telemetry.http`: one server span and one request scope per request, for
 * `node:http`, Express/Connect and Fastify, or the request scope alone on the server span
 * `@opentelemetry/instrumentation-http` already started.
 */
export function createHttpSystem(deps: HttpDeps): HttpApi {
  // Per instance, so that two instances never take each other's requests for their own.
  const requestKey = Symbol('foundation-telemetry request');

  function knownRequest(req: IncomingMessage): ServerRequest | undefined {
    const known = (req as unknown as Record<symbol, unknown>)[requestKey];
    return known instanceof ServerRequest ? known : undefined;
  }

  /** The request's telemetry, started now; undefined for an ignored request or when starting failed. */
  function begin(
    req: IncomingMessage,
    res: ServerResponse,
    settings: HttpSettings,
    route: string | undefined,
    routeAtEnd: RouteReader | undefined,
  ): ServerRequest | undefined {
    const known = knownRequest(req);
    if (known !== undefined) {
      // An integration inside another one (an Express app served by `handler`): one span, the inner router names it.
      if (routeAtEnd !== undefined) known.routeAtEnd ??= routeAtEnd;
      return known;
    }
    if (settings.ignore !== undefined && isIgnored(settings.ignore, req)) return undefined;
    try {
      const request = start(req, settings, route, routeAtEnd);
      Object.defineProperty(req, requestKey, { value: request, configurable: true });
      request.endWith(req, res);
      if (settings.requestHook !== undefined) callRequestHook(settings.requestHook, request.span, req);
      return request;
    } catch {
      // A request that cannot be traced is still served, exactly as without telemetry.
      return undefined;
    }
  }

  function start(
    req: IncomingMessage,
    settings: HttpSettings,
    route: string | undefined,
    routeAtEnd: RouteReader | undefined,
  ): ServerRequest {
    const method = conventionalMethod(req.method);
    const fields = Object.freeze({ requestId: requestIdOf(req.headers, settings.requestIdHeader) });
    const instrumentation = getRPCMetadata(activeContext());
    if (instrumentation?.type === RPCType.HTTP) {
      // The instrumentation started the server span and continued the trace: only `baggage` is still ours to read.
      const requestContext = deps.requestContext(req.headers, fields, false);
      const span = runInContext(requestContext, deps.activeSpan);
      if (span === undefined) throw new Error('the instrumentation left no active span');
      const request = new ServerRequest({
        context: requestContext,
        span,
        ownsSpan: false,
        instrumentationRoute: instrumentation,
        method,
        routeAtEnd,
        captureError: deps.captureError,
      });
      if (route !== undefined) request.setRoute(route);
      return request;
    }
    const attributes: Attributes = requestAttributes(req, method);
    if (route !== undefined) attributes[ATTR_HTTP_ROUTE] = route;
    const options: SpanOptions = { kind: SpanKind.SERVER, attributes };
    const name = serverSpanName(method, route);
    const span = runInContext(deps.requestContext(req.headers, fields, true), deps.startSpan, name, options);
    return new ServerRequest({
      context: span.run(activeContext),
      span,
      ownsSpan: true,
      instrumentationRoute: undefined,
      method,
      routeAtEnd,
      captureError: deps.captureError,
    });
  }

  function isIgnored(ignore: (req: IncomingMessage) => boolean, req: IncomingMessage): boolean {
    try {
      return ignore(req) === true;
    } catch (error) {
      deps.hookFailed('ignore', error);
      return false;
    }
  }

  function callRequestHook(hook: (span: SpanHandle, req: IncomingMessage) => void, span: SpanHandle, req: IncomingMessage): void {
    try {
      hook(span, req);
    } catch (error) {
      deps.hookFailed('requestHook', error);
    }
  }

  const api: HttpApi = {
    handler<R>(fn: (req: IncomingMessage, res: ServerResponse) => R, options?: unknown) {
      requireFunction('http.handler(fn, options)', 'fn', fn);
      const settings = httpSettings('http.handler(fn, options)', options);
      return function telemetryHandler(this: unknown, req: IncomingMessage, res: ServerResponse): R {
        const request = begin(req, res, settings, undefined, undefined);
        // `Reflect.apply`, not `fn.call` or binding: an Express app is a listener whose `bind`
        // is its own (the HTTP method BIND).
        if (request === undefined) return Reflect.apply(fn, this, [req, res]);
        return recordingFailures(request, () => applyInContext(request.context, fn, this, [req, res]));
      };
    },

    express(options?: unknown): ExpressMiddleware {
      const settings = httpSettings('http.express(options)', options);
      return function telemetryMiddleware(req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
        const request = begin(req, res, settings, undefined, expressRoute);
        if (request === undefined) next();
        else runInContext(request.context, next);
      };
    },

    expressErrors(): ExpressErrorMiddleware {
      // Four parameters: that is how Express tells error middleware from the rest.
      return function telemetryErrors(error: unknown, req: IncomingMessage, _res: ServerResponse, next: NextFunction): void {
        knownRequest(req)?.fail(error);
        next(error);
      };
    },

    fastify(options?: unknown): FastifyPlugin {
      const settings = httpSettings('http.fastify(options)', options);

      function onRequest(request: FastifyRequestLike, reply: FastifyReplyLike, done: () => void): void {
        const route = request.routeOptions?.url ?? request.routerPath;
        const serverRequest = begin(request.raw, reply.raw, settings, route, undefined);
        if (serverRequest === undefined) done();
        else runInContext(serverRequest.context, done);
      }

      function onError(request: FastifyRequestLike, _reply: FastifyReplyLike, error: unknown, done: () => void): void {
        knownRequest(request.raw)?.fail(error);
        done();
      }

      // Errors a route's handler throws are recorded before any error handler runs: a
      // `setErrorHandler` that answers with a body of its own never reaches `onError`.
      function onRoute(routeOptions: FastifyRouteOptionsLike): void {
        const handler = routeOptions.handler;
        if (typeof handler !== 'function') return;
        routeOptions.handler = function telemetryRouteHandler(this: unknown, request: FastifyRequestLike, reply: FastifyReplyLike): unknown {
          const serverRequest = knownRequest(request.raw);
          if (serverRequest === undefined) return Reflect.apply(handler, this, [request, reply]);
          return recordingFailures(serverRequest, () => Reflect.apply(handler, this, [request, reply]));
        };
      }

      const plugin = function foundationTelemetry(instance: FastifyInstanceLike, _options: unknown, done: (error?: Error) => void): void {
        instance.addHook('onRequest', onRequest);
        instance.addHook('onError', onError);
        instance.addHook('onRoute', onRoute);
        done();
      };
      // What `fastify-plugin` sets: the hooks apply to the instance it is registered on and
      // every route below it, instead of an encapsulated child context.
      Object.defineProperty(plugin, Symbol.for('skip-override'), { value: true });
      Object.defineProperty(plugin, Symbol.for('fastify.display-name'), { value: 'foundation-telemetry' });
      return plugin;
    },
  };
  return api;
}
