import type { Attributes } from '@opentelemetry/api';

/** What a redacted attribute value becomes (as in enriched errors and log fields). */
export const REDACTED = '[REDACTED]';

/** Tells whether values stored under a key are secret (`errorContext.redact`). */
export type SecretKeyTest = (key: string) => boolean;

/** `attributes` itself when no key is secret, else a copy with the secret values hidden. */
export function redactAttributes(attributes: Attributes, isSecretKey: SecretKeyTest): Attributes {
  let redacted: Attributes | undefined;
  for (const key in attributes) {
    if (!isSecretKey(key)) continue;
    redacted ??= { ...attributes };
    redacted[key] = REDACTED;
  }
  return redacted ?? attributes;
}
