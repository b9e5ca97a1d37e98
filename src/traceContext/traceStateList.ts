import type { TraceState } from '@opentelemetry/api';
import { isTraceStateKey, isTraceStateValue, MAX_TRACE_STATE_MEMBERS } from './traceStateGrammar.js';

/**
 * An immutable `tracestate` list, leftmost member first, implementing OpenTelemetry's
 * `TraceState` so samplers and instrumentations read and update it as usual. Unlike
 * `TraceState` of `@opentelemetry/core`, it keeps every member the W3C grammar allows
 * (`foo@bar` keys, 256-character keys, lists beyond 512 characters), so a received
 * list goes out exactly as it came in.
 */
export class TraceStateList implements TraceState {
  readonly #members: ReadonlyMap<string, string>;
  #serialized: string | undefined;

  /** `members` must be valid keys and values, at most 32, leftmost first. */
  constructor(members: ReadonlyMap<string, string>) {
    this.#members = members;
  }

  /**
   * A list with `key` set to `value` and moved to the front, as the spec wants for an added
   * or updated member; the rightmost member is dropped if the list would exceed 32.
   * An invalid key or value leaves the list unchanged.
   */
  set(key: string, value: string): TraceState {
    if (!isTraceStateKey(key) || !isTraceStateValue(value)) return this;
    const members = new Map([[key, value]]);
    for (const [otherKey, otherValue] of this.#members) {
      if (members.size === MAX_TRACE_STATE_MEMBERS) break;
      if (otherKey !== key) members.set(otherKey, otherValue);
    }
    return new TraceStateList(members);
  }

  unset(key: string): TraceState {
    if (!this.#members.has(key)) return this;
    const members = new Map(this.#members);
    members.delete(key);
    return new TraceStateList(members);
  }

  get(key: string): string | undefined {
    return this.#members.get(key);
  }

  /** The list as a `tracestate` header value; `''` when it is empty. */
  serialize(): string {
    if (this.#serialized === undefined) {
      let serialized = '';
      for (const [key, value] of this.#members) serialized += `${serialized === '' ? '' : ','}${key}=${value}`;
      this.#serialized = serialized;
    }
    return this.#serialized;
  }
}
