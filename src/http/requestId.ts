import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Longer incoming ids are replaced: a request id is a key to search by, not a payload. */
const MAX_REQUEST_ID_LENGTH = 256;

/** The request id the client or a proxy sent in `header`, else a new UUID. */
export function requestIdOf(headers: IncomingHttpHeaders, header: string): string {
  const sent = headers[header];
  const value = typeof sent === 'string' ? sent.trim() : undefined;
  return value !== undefined && value.length > 0 && value.length <= MAX_REQUEST_ID_LENGTH ? value : randomUUID();
}
