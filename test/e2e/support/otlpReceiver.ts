import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the receiver answers: 200 like a collector, 500, 401 (credentials refused), or never. */
export type ReceiverBehaviour = 'accept' | 'fail' | 'unauthorized' | 'hang';

const STATUS_BY_BEHAVIOUR = { accept: 200, fail: 500, unauthorized: 401 } as const;

export interface CapturedRequest {
  path: string;
  contentType: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OtlpReceiver {
  /** Base URL, as for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  baseUrl: string;
  /** Traces URL, as for `otlp.url`. */
  tracesUrl: string;
  requests: CapturedRequest[];
  /** The requests that arrived at `path` (`/v1/logs`), in order. */
  requestsTo(path: string): CapturedRequest[];
  /**
   * Resolves once `count` requests have arrived (at `path`, when given); rejects after
   * `timeoutMs` saying what came.
   */
  waitForRequests(count: number, timeoutMs?: number, path?: string): Promise<CapturedRequest[]>;
  close(): Promise<void>;
}

/** An OTLP/HTTP endpoint on 127.0.0.1 (port 0) that records every request body. */
export async function startOtlpReceiver(behaviour: ReceiverBehaviour = 'accept'): Promise<OtlpReceiver> {
  const requests: CapturedRequest[] = [];
  const waiters: Array<() => void> = [];
  const hanging: ServerResponse[] = [];

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        path: request.url ?? '',
        contentType: String(request.headers['content-type'] ?? ''),
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      for (const wake of waiters.splice(0)) wake();
      if (behaviour === 'hang') {
        hanging.push(response);
        return;
      }
      response.statusCode = STATUS_BY_BEHAVIOUR[behaviour];
      response.setHeader('content-type', 'application/json');
      response.end(behaviour === 'accept' ? '{}' : `{"message":"receiver told to answer ${response.statusCode}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const requestsTo = (path: string): CapturedRequest[] => requests.filter((request) => request.path === path);

  return {
    baseUrl,
    tracesUrl: `${baseUrl}/v1/traces`,
    requests,
    requestsTo,
    waitForRequests(count: number, timeoutMs = 5000, path?: string): Promise<CapturedRequest[]> {
      const arrived = (): CapturedRequest[] => (path === undefined ? requests.slice() : requestsTo(path));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const paths = requests.map((request) => request.path).join(', ') || 'none';
          reject(new Error(`expected ${count} OTLP request(s)${path === undefined ? '' : ` to ${path}`} within ${timeoutMs}ms, got: ${paths}`));
        }, timeoutMs);
        const check = (): void => {
          const matching = arrived();
          if (matching.length >= count) {
            clearTimeout(timer);
            resolve(matching);
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
    close(): Promise<void> {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL (ending in `path`) where nothing listens: a port that was just bound and released. */
export async function closedPortUrl(path = '/v1/traces'): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}${path}`;
}
