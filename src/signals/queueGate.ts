import type { ExportLedger } from './exportLedger.js';
import { ExportLoss } from './failureDescription.js';

/**
 * Stands before a batch processor and counts what it would lose without a word: the
 * OpenTelemetry batch processors drop an item silently when their queue holds
 * `capacity` items. The queue length is the number of items admitted here minus the items
 * the (counting) exporter received, so an item arriving at a full queue is counted as
 * dropped and not passed on. Items arriving after shutdown are dropped and counted too.
 */
export class QueueGate {
  readonly #capacity: number;
  readonly #ledger: ExportLedger;
  // Made once: a full queue under load refuses items by the thousand, and an Error is costly to make.
  readonly #queueFull: ExportLoss;
  readonly #afterShutdown: ExportLoss;
  #admitted = 0;
  #closed = false;

  /**
   * @param items what the queue holds, for messages: `spans`, `log records`.
   * @param setting the option and variable that set the capacity, for messages.
   */
  constructor(capacity: number, ledger: ExportLedger, items: string, setting: string) {
    this.#capacity = capacity;
    this.#ledger = ledger;
    this.#queueFull = new ExportLoss(
      'queue full',
      `the batch processor's queue of ${capacity} ${items} was full`,
      `${items} arrive faster than they are exported: raise ${setting}, or send fewer.`,
    );
    this.#afterShutdown = new ExportLoss('after shutdown', `${items} arrived after shutdown`, 'end work before calling shutdown().');
  }

  /** Whether one more item may go to the processor; a refused item is counted as dropped. */
  admit(): boolean {
    if (this.#closed) {
      this.#ledger.drop(1, this.#afterShutdown);
      return false;
    }
    if (this.#admitted - this.#ledger.handedOff >= this.#capacity) {
      this.#ledger.drop(1, this.#queueFull);
      return false;
    }
    this.#admitted++;
    return true;
  }

  /** From now on every item is dropped (the processor is shutting down). */
  close(): void {
    this.#closed = true;
  }

  /** Counts the items still queued as dropped (the shutdown budget ran out before they were exported). */
  dropQueued(reason: ExportLoss): void {
    const queued = this.#admitted - this.#ledger.handedOff;
    this.#admitted -= queued;
    this.#ledger.drop(queued, reason);
  }
}
