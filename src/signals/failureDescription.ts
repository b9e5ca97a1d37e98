/** An export failure in words: the kind it belongs to, what happened, and what to check. */
export interface DescribedFailure {
  /** Failures of one signal with the same cause are one kind: reported once, then counted. */
  readonly cause: string;
  readonly message: string;
  readonly hint: string;
}

/** A loss the library itself detects (a full queue, a timeout, a spent budget), with its kind and what to do. */
export class ExportLoss extends Error {
  override readonly name = 'ExportLoss';
  readonly kind: string;
  readonly hint: string;

  constructor(kind: string, message: string, hint: string) {
    super(message);
    this.kind = kind;
    this.hint = hint;
  }
}

const CONNECTION_HINTS: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'nothing accepts connections there: is the collector running, and is the endpoint (otlp.url or OTEL_EXPORTER_OTLP_ENDPOINT) right?',
  ENOTFOUND: 'the host name does not resolve: check the endpoint (otlp.url or OTEL_EXPORTER_OTLP_ENDPOINT).',
  EAI_AGAIN: 'the host name could not be resolved right now: check DNS and the endpoint.',
  ETIMEDOUT: 'the connection timed out: check the endpoint and the network between here and the collector.',
  EHOSTUNREACH: 'the host cannot be reached: check the endpoint and the network.',
  ENETUNREACH: 'the network cannot be reached: check the endpoint and the network.',
  ECONNRESET: 'the collector closed the connection: check its logs, and that the endpoint speaks OTLP over HTTP.',
});

const HTTP_HINTS: Readonly<Record<number, string>> = Object.freeze({
  400: 'the collector rejected the data: check its logs.',
  401: 'the collector refused the credentials: check otlp.headers or OTEL_EXPORTER_OTLP_HEADERS.',
  403: 'the collector refused the credentials: check otlp.headers or OTEL_EXPORTER_OTLP_HEADERS.',
  404: 'nothing serves that path: the URL of each signal ends in /v1/traces, /v1/logs or /v1/metrics.',
  405: 'that URL does not accept OTLP: the URL of each signal ends in /v1/traces, /v1/logs or /v1/metrics.',
  413: 'the batch is larger than the collector accepts: lower the export batch size.',
  415: 'the collector does not accept this encoding: check the OTLP protocol (http/protobuf or http/json).',
});

/**
 * Describes what an exporter reported: a Node network error (`ECONNREFUSED 127.0.0.1:4318`),
 * an HTTP status from the OTLP exporters (`HTTP 401`), a timeout, or any other error
 * (by its name). Never throws, whatever the error is.
 */
export function describeExportFailure(error: unknown): DescribedFailure {
  if (error instanceof ExportLoss) return { cause: error.kind, message: error.message, hint: error.hint };
  const code = read(error, 'code');
  const message = stringOf(read(error, 'message'));
  if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) {
    const address = read(error, 'address');
    const port = read(error, 'port');
    const where = typeof address === 'string' ? ` ${address}${typeof port === 'number' ? `:${port}` : ''}` : '';
    const cause = `${code}${where}`;
    return { cause, message: cause, hint: CONNECTION_HINTS[code] ?? 'check the endpoint and the network.' };
  }
  if (typeof code === 'number' && code >= 100 && code <= 599) {
    const text = message === '' ? '' : ` ${message}`;
    return { cause: `HTTP ${code}`, message: `HTTP ${code}${text}`, hint: HTTP_HINTS[code] ?? 'check the collector and its logs.' };
  }
  if (/timed? ?out/i.test(message)) {
    return { cause: 'timeout', message, hint: 'the exporter got no answer in time: check the endpoint, or raise the export timeout.' };
  }
  if (/retryable status/i.test(message)) {
    return {
      cause: 'retryable status',
      message,
      hint: 'the collector kept answering 429, 502, 503 or 504: it is overloaded or restarting.',
    };
  }
  const name = stringOf(read(error, 'name')) || typeof error;
  return { cause: name, message: message === '' ? stringOf(error) : `${name}: ${message}`, hint: '' };
}

function read(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function stringOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
