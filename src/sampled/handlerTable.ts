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
  /**
   * Not to be called: set first when it is detached, by a plain write that cannot fail
   * halfway, so that from then on it is not called, listed or found by id, whether or not the
   * lists were cleaned up yet. Also set while it is held.
   */
  detached: boolean;
  /**
   * It failed during a dispatch still in progress, and is not called again until that failure
   * has been reported; meanwhile it is still attached (listed, found by id).
   */
  held: boolean;
  /** While held, a call of it made before has ended: it failed inside a call of its own. */
  recursed: boolean;
}

const isAttached = (candidate: AttachedHandler): boolean => !candidate.detached || candidate.held;

/**
 * Attached handlers by id; each event's node holds its own handler list, replaced (never
 * mutated) on attach and detach. Dispatch lives elsewhere.
 */
export class HandlerTable {
  readonly #byId = new Map<string, AttachedHandler>();

  /** Attached handlers (a detached one may still wait here to be cleaned up). */
  get size(): number {
    let attached = 0;
    for (const candidate of this.#byId.values()) if (isAttached(candidate)) attached++;
    return attached;
  }

  get(id: string): AttachedHandler | undefined {
    const attached = this.#byId.get(id);
    return attached !== undefined && isAttached(attached) ? attached : undefined;
  }

  /** Adds `attached`, in place of a detached handler with its id that was not cleaned up yet. */
  add(attached: AttachedHandler): void {
    // Deleted first so that the new handler takes its place in attach order.
    this.#byId.delete(attached.id);
    this.#byId.set(attached.id, attached);
    for (const node of attached.names) node.handlers = [...node.handlers.filter(isAttached), attached];
  }

  /** Detaches the handler with `id`; returns it, or `undefined` if none is attached. */
  remove(id: string): AttachedHandler | undefined {
    const attached = this.get(id);
    if (attached === undefined) return undefined;
    attached.held = false;
    attached.detached = true;
    this.cleanUp(attached);
    return attached;
  }

  /** Drops a handler already marked detached from the lists; safe to repeat. */
  cleanUp(attached: AttachedHandler): void {
    for (const node of attached.names) {
      if (node.handlers.includes(attached)) node.handlers = node.handlers.filter(isAttached);
    }
    if (this.#byId.get(attached.id) === attached) this.#byId.delete(attached.id);
  }

  /** The attached handlers, in attach order. */
  list(): AttachedHandler[] {
    return [...this.#byId.values()].filter(isAttached);
  }
}
