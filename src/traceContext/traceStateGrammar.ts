/**
 * The `tracestate` grammar of W3C Trace Context (https://www.w3.org/TR/trace-context/#tracestate-header):
 *   key      = ( lcalpha / DIGIT ) 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" / "@" )
 *   value    = 0*255( %x20 / nblk-chr ) nblk-chr
 *   nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
 * A key may hold any number of `@` but not start with one: the older `tenant@vendor`
 * form is no longer a rule of its own.
 */
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** A list holds at most 32 members; a received list with more is invalid as a whole. */
export const MAX_TRACE_STATE_MEMBERS = 32;

export function isTraceStateKey(key: string): boolean {
  return KEY.test(key);
}

export function isTraceStateValue(value: string): boolean {
  return VALUE.test(value);
}
