import { EventNode } from './eventNode.js';
import { invalidArgument } from './inputErrors.js';

const ALLOWED_NAME = 'a non-empty array of non-empty strings, or a dotted string without empty parts';

/**
 * Past this many known events, the events that hold no state (no handler, sampling rule,
 * prepared use, open dedup window or batch) are forgotten, so a stream of distinct names
 * cannot grow memory without bound. The threshold then doubles while the rest still hold state.
 */
export const MAX_IDLE_EVENTS = 4096;

/** One level of the array-name index: the node of the parts so far, and the next parts. */
interface PartsEntry {
  node: EventNode | undefined;
  children: Map<unknown, PartsEntry> | undefined;
}

/**
 * The events of one instance, found by name without building strings on a hit: a dotted
 * string is looked up as is (V8 caches the hash of a string literal), an array part by part
 * in a trie of Maps. A name is validated only the first time it is seen.
 */
export class EventNames {
  readonly #byKey = new Map<string, EventNode>();
  #byParts = new Map<unknown, PartsEntry>();
  #partsEntries = 0;
  #forgetAt = MAX_IDLE_EVENTS;
  #holding = false;
  readonly #isTapped: (parts: readonly string[]) => boolean;

  /** @param isTapped decides once per new event whether its plain executions reach the instance's tap. */
  constructor(isTapped: (parts: readonly string[]) => boolean = () => false) {
    this.#isTapped = isTapped;
  }

  /**
   * The node of `event` (an array of strings or a dotted string), created on first sight.
   * @param argument the parameter name shown in the `TypeError` for bad input.
   */
  lookup(event: unknown, argument: string): EventNode {
    if (typeof event === 'string') {
      const node = this.#byKey.get(event);
      return node !== undefined ? node : this.#fromKey(event, event, argument);
    }
    if (!Array.isArray(event)) throw invalidArgument(argument, event, ALLOWED_NAME);
    const parts = event as readonly unknown[];
    let entry = this.#byParts.get(parts[0]);
    for (let index = 1; entry !== undefined && index < parts.length; index++) {
      const children: Map<unknown, PartsEntry> | undefined = entry.children;
      entry = children === undefined ? undefined : children.get(parts[index]);
    }
    return entry !== undefined && entry.node !== undefined ? entry.node : this.#fromParts(parts, argument);
  }

  /**
   * Runs `find` (which looks names up and stores state in their nodes) with forgetting held
   * off, so no node it found can be forgotten before it holds that state.
   */
  holding<T>(find: () => T): T {
    const wasHolding = this.#holding;
    this.#holding = true;
    try {
      return find();
    } finally {
      this.#holding = wasHolding;
      // Names created while held were not counted against the threshold: a name attached,
      // used and detached would otherwise never be forgotten.
      if (!wasHolding && this.#byKey.size >= this.#forgetAt) this.#forgetIdle();
    }
  }

  /** `prefix` followed by `name`: `concat(app, db.query)` is `app.db.query`. */
  concat(prefix: EventNode, name: EventNode): EventNode {
    return this.lookup(`${prefix.key}.${name.key}`, 'event');
  }

  #fromParts(parts: readonly unknown[], argument: string): EventNode {
    if (parts.length === 0) throw invalidArgument(argument, parts, ALLOWED_NAME);
    let key = '';
    for (let index = 0; index < parts.length; index++) {
      const part = parts[index];
      if (typeof part !== 'string' || part === '') {
        throw invalidArgument(`${argument}[${index}]`, part, 'a non-empty string');
      }
      key = index === 0 ? part : `${key}.${part}`;
    }
    const node = this.#fromKey(key, parts, argument);
    this.#remember(parts, node);
    return node;
  }

  #fromKey(key: string, given: unknown, argument: string): EventNode {
    const known = this.#byKey.get(key);
    if (known !== undefined) return known;
    const parts = key.split('.');
    for (const part of parts) {
      if (part === '') throw invalidArgument(argument, given, ALLOWED_NAME);
    }
    if (this.#byKey.size >= this.#forgetAt && !this.#holding) this.#forgetIdle();
    const node = new EventNode(Object.freeze(parts), key);
    node.tapped = this.#isTapped(node.parts);
    this.#byKey.set(key, node);
    return node;
  }

  #remember(parts: readonly unknown[], node: EventNode): void {
    if (this.#partsEntries >= MAX_IDLE_EVENTS) {
      this.#byParts = new Map();
      this.#partsEntries = 0;
    }
    let level = this.#byParts;
    let entry: PartsEntry | undefined;
    for (let index = 0; index < parts.length; index++) {
      entry = level.get(parts[index]);
      if (entry === undefined) {
        entry = { node: undefined, children: undefined };
        level.set(parts[index], entry);
        this.#partsEntries++;
      }
      if (index < parts.length - 1) {
        if (entry.children === undefined) entry.children = new Map();
        level = entry.children;
      }
    }
    if (entry !== undefined) entry.node = node;
  }

  #forgetIdle(): void {
    for (const [key, node] of this.#byKey) {
      if (node.holdsState) continue;
      node.forgotten = true;
      this.#byKey.delete(key);
    }
    // The array index may point at forgotten nodes: a later lookup must find the canonical one.
    this.#byParts = new Map();
    this.#partsEntries = 0;
    this.#forgetAt = Math.max(MAX_IDLE_EVENTS, 2 * this.#byKey.size);
  }
}
