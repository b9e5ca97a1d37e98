import type { SpanStatus } from '@opentelemetry/api';
import { readProperty } from '../untrustedValue.js';

/**
 * A status handed to `setStatus`, read once into a plain `{ code, message? }`, so a
 * getter or Proxy can neither throw through `setStatus` nor answer differently to the
 * span; `undefined` (the call is ignored) when it has no numeric `code`.
 */
export function readStatus(status: unknown): SpanStatus | undefined {
  const code = readProperty(status, 'code');
  if (typeof code !== 'number') return undefined;
  const message = readProperty(status, 'message');
  // A message that is not a string is the span's to refuse, as the SDK does.
  return message === undefined ? { code } : { code, message: message as string };
}
