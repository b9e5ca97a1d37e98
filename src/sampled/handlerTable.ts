import type { EventNode } from './eventNode.js';
import type { EventHandler } from './types.js';

/** One `attach` call, as stored. */
export interface AttachedHandler {
  readonly id: string;
  readonly names: readonly EventNode[];
  readonly handler: EventHandler;
  readonly maxFailures: number;
  readonly config: unknown;
  /** Clock times of recent failures, oldest first; never longer than `maxFailures`. */
  readonly failureTimes: number[];
}

/**
 * Attached handlers by id; each event's node holds its own handler list, replaced (never
 * mutated) on attach and detach. Dispatch lives elsewhere.
 */
export class HandlerTable {
  readonly #byId = new Map<string, AttachedHandler>();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): AttachedHandler | undefined {
    return this.#byId.get(id);
  }

  add(attached: AttachedHandler): void {
    this.#byId.set(attached.id, attached);
    for (const node of attached.names) node.handlers = [...node.handlers, attached];
  }

  remove(id: string): AttachedHandler | undefined {
    const attached = this.#byId.get(id);
    if (attached === undefined) return undefined;
    this.#byId.delete(id);
    for (const node of attached.names) node.handlers = node.handlers.filter((candidate) => candidate !== attached);
    return attached;
  }

  list(): AttachedHandler[] {
    return [...this.#byId.values()];
  }
}
