import type { IncomingMessage } from 'node:http';
import { describeValue, isFieldRecord } from '../error-context/argumentChecks.js';
import type { SpanHandle } from '../span/types.js';
import type { HttpOptions } from './types.js';

/** Checked options of one integration (`handler`, `express` or `fastify`). */
export interface HttpSettings {
  ignore: ((req: IncomingMessage) => boolean) | undefined;
  requestHook: ((span: SpanHandle, req: IncomingMessage) => void) | undefined;
  /** Lower case, as `node:http` names headers. */
  requestIdHeader: string;
}

const DEFAULT_REQUEST_ID_HEADER = 'x-request-id';
/** RFC 9110 `token`: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN_OPTIONS: readonly string[] = Object.freeze(['ignore', 'requestHook', 'requestIdHeader']);

/** Checks the options of `call` (for example `http.express(options)`); throws a TypeError naming what is wrong. */
export function httpSettings(call: string, options: unknown): HttpSettings {
  if (options === undefined) return { ignore: undefined, requestHook: undefined, requestIdHeader: DEFAULT_REQUEST_ID_HEADER };
  if (!isFieldRecord(options)) throw new TypeError(`${call}: options must be an object, got ${describeValue(options)}`);
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.includes(key)) {
      throw new TypeError(`${call}: unknown option "${key}"; allowed: ${KNOWN_OPTIONS.join(', ')}`);
    }
  }
  const { ignore, requestHook, requestIdHeader } = options as HttpOptions;
  if (ignore !== undefined && typeof ignore !== 'function') {
    throw new TypeError(`${call}: option "ignore" must be a function (req) => boolean, got ${describeValue(ignore)}`);
  }
  if (requestHook !== undefined && typeof requestHook !== 'function') {
    throw new TypeError(`${call}: option "requestHook" must be a function (span, req) => void, got ${describeValue(requestHook)}`);
  }
  if (requestIdHeader !== undefined && (typeof requestIdHeader !== 'string' || !HEADER_NAME.test(requestIdHeader))) {
    throw new TypeError(`${call}: option "requestIdHeader" must be a header name such as "x-request-id", got ${describeValue(requestIdHeader)}`);
  }
  return { ignore, requestHook, requestIdHeader: requestIdHeader?.toLowerCase() ?? DEFAULT_REQUEST_ID_HEADER };
}
