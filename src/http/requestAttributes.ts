import type { Attributes } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

/** Methods the HTTP semantic conventions name; any other is `_OTHER` (a span name must stay low-cardinality). */
const KNOWN_METHODS: Readonly<Record<string, true>> = Object.freeze({
  CONNECT: true,
  DELETE: true,
  GET: true,
  HEAD: true,
  OPTIONS: true,
  PATCH: true,
  POST: true,
  PUT: true,
  QUERY: true,
  TRACE: true,
});
const OTHER_METHOD = '_OTHER';

/** The method as the conventions record it: as sent when known, else `_OTHER`. */
export function conventionalMethod(method: string | undefined): string {
  return method !== undefined && Object.hasOwn(KNOWN_METHODS, method) ? method : OTHER_METHOD;
}

/** `METHOD route`, or `METHOD` while the route is unknown; `HTTP` stands for an unknown method. */
export function serverSpanName(method: string, route: string | undefined): string {
  const shown = method === OTHER_METHOD ? 'HTTP' : method;
  return route === undefined ? shown : `${shown} ${route}`;
}

/**
 * The HTTP semantic-convention attributes known when a request arrives. The query string
 * is left out: it often carries tokens, and the path is what identifies the request.
 */
export function requestAttributes(req: IncomingMessage, method: string): Attributes {
  const { headers, socket } = req;
  const scheme = (socket as { encrypted?: boolean } | undefined)?.encrypted === true ? 'https' : 'http';
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_SCHEME]: scheme,
    [ATTR_URL_PATH]: pathOf(req.url),
  };
  if (method === OTHER_METHOD && req.method !== undefined) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = req.method;
  if (typeof req.httpVersion === 'string') attributes[ATTR_NETWORK_PROTOCOL_VERSION] = req.httpVersion;
  const host = headers.host;
  if (typeof host === 'string' && host.length > 0) {
    const { address, port } = splitHost(host);
    attributes[ATTR_SERVER_ADDRESS] = address;
    attributes[ATTR_SERVER_PORT] = port ?? (scheme === 'https' ? 443 : 80);
  }
  const userAgent = headers['user-agent'];
  if (typeof userAgent === 'string') attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  const peer = socket?.remoteAddress;
  if (peer !== undefined) attributes[ATTR_NETWORK_PEER_ADDRESS] = peer;
  const client = forwardedClient(headers['x-forwarded-for']) ?? peer;
  if (client !== undefined) attributes[ATTR_CLIENT_ADDRESS] = client;
  return attributes;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** `host[:port]` or `[v6]:port` from a Host header. */
function splitHost(host: string): { address: string; port: number | undefined } {
  const portStart = host.lastIndexOf(':');
  // A colon inside brackets belongs to an IPv6 address, not to a port.
  if (portStart === -1 || host.lastIndexOf(']') > portStart) return { address: unbracketed(host), port: undefined };
  const port = Number(host.slice(portStart + 1));
  return {
    address: unbracketed(host.slice(0, portStart)),
    port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined,
  };
}

function unbracketed(address: string): string {
  return address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
}

/** The original client named by a proxy: the first address of `X-Forwarded-For`. */
function forwardedClient(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const first = value.split(',', 1)[0]?.trim();
  return first === undefined || first.length === 0 ? undefined : first;
}
