/**
 * Checks of OTLP headers against what Node's HTTP client sends. A header it refuses makes
 * every export fail, long after creation, so such headers are refused where they are read.
 */

/** An HTTP token (RFC 9110 §5.6.2), what Node accepts as a header name. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Anything but visible ASCII, space and tab: control characters (CR, LF) and non-ASCII. */
const UNSENDABLE_VALUE_CHARACTER = /[^\t\x20-\x7e]/u;

export const HEADER_NAME_ALLOWED = "an HTTP token (letters, digits and !#$%&'*+-.^_`|~)";
export const HEADER_VALUE_ALLOWED = 'visible ASCII characters, spaces and tabs';

export function isSendableHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

/**
 * Where `value` has a character Node cannot send, described without quoting the value
 * (header values are often credentials), e.g. `U+000D at position 10`; `undefined` when
 * it can be sent.
 */
export function unsendableCharacter(value: string): string | undefined {
  const found = UNSENDABLE_VALUE_CHARACTER.exec(value);
  if (found === null) return undefined;
  const codePoint = found[0].codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} at position ${found.index}`;
}
