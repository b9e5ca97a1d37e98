import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ExportFailures, Signal } from './exportFailures.js';
import { ExportLoss } from './failureDescription.js';
import { attempt } from './settleWithin.js';

/** What `health()` shows of one signal's export. */
export interface ExportCounts {
  exported: number;
  failed: number;
  dropped: number;
}

/** One call of the exporter, until its result arrives (or is given up on). */
interface PendingExport {
  readonly size: number;
  settled: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The export accounting of one signal: every item handed to the exporter ends as exported
 * or failed, every item that never reached it is dropped, and failures are reported
 * (see {@link ExportFailures}). `degraded` holds from a failure or drop until the next
 * successful export.
 */
export class ExportLedger {
  readonly signal: Signal;
  readonly endpoint: string | undefined;
  /** Items handed to the exporter: exported + failed + still in flight. */
  handedOff = 0;
  exported = 0;
  failed = 0;
  dropped = 0;
  degraded = false;
  readonly #failures: ExportFailures;
  readonly #pending = new Set<PendingExport>();

  constructor(signal: Signal, endpoint: string | undefined, failures: ExportFailures) {
    this.signal = signal;
    this.endpoint = endpoint;
    this.#failures = failures;
  }

  /** Items handed to the exporter whose result has not arrived. */
  get inFlight(): number {
    return this.handedOff - this.exported - this.failed;
  }

  counts(): ExportCounts {
    return { exported: this.exported, failed: this.failed, dropped: this.dropped };
  }

  begin(size: number): PendingExport {
    this.handedOff += size;
    const pending: PendingExport = { size, settled: false, timer: undefined };
    this.#pending.add(pending);
    return pending;
  }

  /** Counts the result of an export; later results of the same export are ignored. */
  settle(pending: PendingExport, result: ExportResult): void {
    if (pending.settled) return;
    pending.settled = true;
    if (pending.timer !== undefined) clearTimeout(pending.timer);
    this.#pending.delete(pending);
    if (result.code === ExportResultCode.SUCCESS) {
      this.exported += pending.size;
      this.degraded = false;
      return;
    }
    this.failed += pending.size;
    this.degraded = true;
    this.#failures.report({ signal: this.signal, error: result.error, endpoint: this.endpoint, count: pending.size });
  }

  /** Counts `count` items that never reached the exporter, and reports why. */
  drop(count: number, reason: ExportLoss): void {
    if (count <= 0) return;
    this.dropped += count;
    this.degraded = true;
    this.#failures.report({ signal: this.signal, error: reason, endpoint: this.endpoint, count });
  }

  /** A connection attempt failed while exports may still be retrying: reported, not yet counted. */
  connectionFailed(error: Error): void {
    this.degraded = true;
    this.#failures.report({ signal: this.signal, error, endpoint: this.endpoint, count: this.inFlight });
  }

  /** Every export still waiting for its result is counted as failed with `reason` (the budget ran out). */
  giveUpPending(reason: ExportLoss): void {
    for (const pending of [...this.#pending]) this.settle(pending, { code: ExportResultCode.FAILED, error: reason });
  }
}

/** An exporter of any signal: spans, log records (arrays) or metrics (one batch object). */
export interface BatchExporter<Batch> {
  export(batch: Batch, resultCallback: (result: ExportResult) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/**
 * Wraps an exporter to count what its callbacks report in `ledger`. It never throws: an
 * exporter that throws from `export()` is a failed export. An export whose result has not
 * arrived after `timeoutMs` counts as failed and is answered as failed (the batch
 * processor gives up on it then; the simple one would wait forever), and a late result
 * changes nothing. `shutdown()` reaches the exporter once.
 */
export function countingExporter<Batch>(
  inner: BatchExporter<Batch>,
  ledger: ExportLedger,
  sizeOf: (batch: Batch) => number,
  timeoutMs: number,
): BatchExporter<Batch> {
  let shutdownPromise: Promise<void> | undefined;
  return {
    export(batch: Batch, resultCallback: (result: ExportResult) => void): void {
      const pending = ledger.begin(sizeOf(batch));
      const settle = (result: ExportResult): void => {
        // An exporter calling back twice, or after the timeout, is counted once.
        if (pending.settled) return;
        ledger.settle(pending, result);
        resultCallback(result);
      };
      try {
        inner.export(batch, settle);
      } catch (error) {
        settle({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      }
      // Exporters that answer at once (memory, console) need no timer.
      if (!pending.settled && Number.isFinite(timeoutMs)) {
        // Answered for the exporter too, so a processor waiting on it (the simple one never gives up) moves on.
        pending.timer = setTimeout(
          () => settle({ code: ExportResultCode.FAILED, error: exportTimeout(timeoutMs) }),
          timeoutMs,
        );
        pending.timer.unref();
      }
    },
    shutdown: () => (shutdownPromise ??= attempt(() => inner.shutdown()).then(() => undefined)),
    forceFlush: () => attempt(() => inner.forceFlush?.()).then(() => undefined),
  };
}

function exportTimeout(timeoutMs: number): ExportLoss {
  return new ExportLoss(
    'timeout',
    `the exporter did not answer within ${timeoutMs} ms`,
    'check the endpoint, or raise the export timeout (batch.exportTimeoutMs, OTEL_BSP_EXPORT_TIMEOUT).',
  );
}
