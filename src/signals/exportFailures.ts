import { describeExportFailure } from './failureDescription.js';

/** The OpenTelemetry signals an instance exports. */
export type Signal = 'traces' | 'logs' | 'metrics';

/** The latest export failure of any signal, as `health().export.lastError` shows it. */
export interface ExportError {
  readonly signal: Signal;
  readonly message: string;
  /** Clock time of the failure. */
  readonly at: number;
}

/** One failure, as the `['telemetry','export','failure']` event carries it. */
export interface ExportFailure {
  readonly signal: Signal;
  readonly error: unknown;
  readonly endpoint: string | undefined;
  /** Items (spans, log records, metric points) the failure concerns. */
  readonly count: number;
}

export interface ExportFailuresDeps {
  /** Write the first failure of each kind to stderr. */
  warnings: boolean;
  now(): number;
  /** Executes the failure event on the bus. */
  announce(failure: ExportFailure): void;
  /** Writes one line of text (stderr). */
  write(line: string): void;
}

// Distinct kinds reported per instance; past this, failures are only counted (an exporter
// whose errors each carry a new name must not flood stderr).
const MAX_KINDS = 32;

/**
 * The export failures of one instance, all signals together. Every failure becomes
 * `lastError`; the first of each kind (signal and cause, such as `traces ECONNREFUSED
 * 127.0.0.1:4318` or `logs HTTP 401`) is also announced on the bus and, with `warnings`,
 * written once to stderr with what to check. Later ones are counted by the ledgers only.
 */
export class ExportFailures {
  readonly #deps: ExportFailuresDeps;
  readonly #kindsSeen = new Set<string>();
  #lastError: ExportError | undefined;
  /** The error `lastError` describes. */
  #lastCause: unknown;

  constructor(deps: ExportFailuresDeps) {
    this.#deps = deps;
  }

  get lastError(): ExportError | undefined {
    return this.#lastError;
  }

  report(failure: ExportFailure): void {
    const at = this.#deps.now();
    const last = this.#lastError;
    // A flood of one failure (a full queue refusing item after item reports the same error
    // object) is described once: only the time of the latest one changes.
    if (last !== undefined && failure.error === this.#lastCause && last.signal === failure.signal) {
      if (last.at !== at) this.#lastError = Object.freeze({ signal: last.signal, message: last.message, at });
      return;
    }
    this.#lastCause = failure.error;
    const { cause, message, hint } = describeExportFailure(failure.error);
    this.#lastError = Object.freeze({ signal: failure.signal, message, at });
    const kind = `${failure.signal} ${cause}`;
    if (this.#kindsSeen.has(kind) || this.#kindsSeen.size >= MAX_KINDS) return;
    this.#kindsSeen.add(kind);
    this.#deps.announce(failure);
    if (!this.#deps.warnings) return;
    const target = failure.endpoint === undefined ? '' : ` to ${failure.endpoint}`;
    this.#deps.write(
      `foundation-telemetry: ${failure.signal} export${target} failed (${message})${hint === '' ? '.' : `: ${hint}`} ` +
        'Later failures of this kind are counted in health(), not printed; warnings: false turns these lines off.\n',
    );
  }
}
