import type { NormalizedName } from './eventName.js';
import type { EventHandler } from './types.js';

/** One `attach` call, as stored. */
export interface AttachedHandler {
  readonly id: string;
  readonly names: readonly NormalizedName[];
  readonly handler: EventHandler;
  readonly maxFailures: number;
  readonly config: unknown;
  /** Clock times of recent failures, oldest first; never longer than `maxFailures`. */
  readonly failureTimes: number[];
}

/**
 * The handlers of one event. `handlers` is replaced on every attach/detach, never mutated,
 * so a dispatch in progress iterates a stable snapshot.
 */
export interface HandlerSlot {
  handlers: readonly AttachedHandler[];
  /** Kept even when empty: a prepared event holds on to it. */
  prepared: boolean;
}

const NO_HANDLERS: readonly AttachedHandler[] = Object.freeze([]);

/** Storage of attached handlers by id and by event key; dispatch lives elsewhere. */
export class HandlerTable {
  readonly #byId = new Map<string, AttachedHandler>();
  readonly #byKey = new Map<string, HandlerSlot>();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): AttachedHandler | undefined {
    return this.#byId.get(id);
  }

  /** The handlers attached to `key` right now (a snapshot), if any slot exists. */
  lookup(key: string): readonly AttachedHandler[] | undefined {
    return this.#byKey.get(key)?.handlers;
  }

  /** The slot of `key`, created and kept for the life of the table. */
  preparedSlot(key: string): HandlerSlot {
    const slot = this.#slot(key);
    slot.prepared = true;
    return slot;
  }

  add(attached: AttachedHandler): void {
    this.#byId.set(attached.id, attached);
    for (const name of attached.names) {
      const slot = this.#slot(name.key);
      slot.handlers = [...slot.handlers, attached];
    }
  }

  remove(id: string): AttachedHandler | undefined {
    const attached = this.#byId.get(id);
    if (attached === undefined) return undefined;
    this.#byId.delete(id);
    for (const name of attached.names) {
      const slot = this.#byKey.get(name.key);
      if (slot === undefined) continue;
      slot.handlers = slot.handlers.filter((candidate) => candidate !== attached);
      if (slot.handlers.length === 0 && !slot.prepared) this.#byKey.delete(name.key);
    }
    return attached;
  }

  list(): AttachedHandler[] {
    return [...this.#byId.values()];
  }

  #slot(key: string): HandlerSlot {
    let slot = this.#byKey.get(key);
    if (slot === undefined) {
      slot = { handlers: NO_HANDLERS, prepared: false };
      this.#byKey.set(key, slot);
    }
    return slot;
  }
}
