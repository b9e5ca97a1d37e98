import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';

/** An in-memory log record exporter that keeps every record, also after `shutdown()`. */
export class KeepingLogExporter implements LogRecordExporter {
  readonly #records: ReadableLogRecord[] = [];

  export(records: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.#records.push(...records);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** The records in the order they were exported (a copy). */
  records(): ReadableLogRecord[] {
    return this.#records.slice();
  }

  clear(): void {
    this.#records.length = 0;
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}
