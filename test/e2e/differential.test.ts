import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSpans } from './support/otlpDecode.js';
import { startOtlpReceiver, type CapturedRequest, type OtlpReceiver } from './support/otlpReceiver.js';
import { ROOT_SPANS, type DifferentialCase } from './support/differentialSpans.js';

/**
 * The library and OpenTelemetry's NodeSDK (`@opentelemetry/sdk-node` 0.223.0), each given
 * the same environment, against one OTLP receiver on loopback: what arrives (URL path,
 * content type, headers, resource attributes, which spans were sampled and how they were
 * batched) must be the same, except for the deliberate deviations listed below.
 *
 * Each side runs in a child process that goes through every environment in turn (a fresh
 * NodeSDK or instance each time, shut down before the next). `{base}` in a variable is
 * the receiver's address plus a path naming the side and the environment, so every
 * request is told apart; that prefix is removed before comparing. The harness sets
 * `OTEL_LOGS_EXPORTER` and `OTEL_METRICS_EXPORTER` to `none` unless an environment sets
 * them (this compares traces), and, for the NodeSDK only, `OTEL_NODE_RESOURCE_DETECTORS=env`
 * (the library adds no host or process attributes). Both children run with `argv0`
 * `node`, so the default service name is `unknown_service:node` on both sides.
 */

interface Environment {
  id: string;
  env: Record<string, string>;
  /** The root spans' sampling depends on random trace ids (a ratio between 0 and 1): they are left out. */
  randomRoots?: boolean;
  /** Run by the library alone (the NodeSDK would send to localhost:4318, outside this test). */
  libraryOnly?: boolean;
}

interface Deviation {
  /** The environments where it shows; each of them must differ, and only they may. */
  cases: string[];
  what: string;
  why: string;
}

/**
 * Where the library deliberately differs from the NodeSDK. docs/configuration.md
 * shows the same list.
 */
const DEVIATIONS: Deviation[] = [
  {
    cases: ['no-exporter-no-endpoint'],
    what: 'No exporter named and no endpoint set: the library exports nothing; the NodeSDK sends to http://localhost:4318.',
    why: 'A library that nobody configured sends nothing and opens no connection.',
  },
  {
    cases: ['exporter-uppercase', 'protocol-uppercase-json', 'sampler-uppercase'],
    what: 'Enum values are case-insensitive (OTLP, HTTP/JSON, ALWAYS_OFF); the NodeSDK takes them for unknown values.',
    why: 'The specification: enum values should be interpreted case-insensitively.',
  },
  {
    cases: ['exporter-unknown', 'protocol-unknown-per-signal'],
    what:
      'A value that cannot be used is ignored as if unset, so the next source applies: an unknown OTEL_TRACES_EXPORTER with an endpoint set ' +
      'exports OTLP, an unknown OTEL_EXPORTER_OTLP_TRACES_PROTOCOL falls back to OTEL_EXPORTER_OTLP_PROTOCOL; the NodeSDK exports nothing, or uses http/protobuf.',
    why: 'The specification: an unrecognized value is reported and ignored.',
  },
  {
    cases: ['protocol-grpc'],
    what: 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: warned about, and http/protobuf is used; the NodeSDK speaks gRPC.',
    why: 'The library has no gRPC exporter; a warning and the default beat sending nothing.',
  },
  {
    cases: ['headers-non-ascii', 'headers-space-in-name', 'headers-crlf'],
    what:
      'A header that Node cannot send (non-ASCII, a space in the name, CR/LF) is dropped with a warning and the spans are exported; ' +
      "with the NodeSDK every export fails with Node's ERR_INVALID_CHAR or ERR_INVALID_HTTP_TOKEN, and so does its shutdown().",
    why: 'A typo in a deployment must not lose all telemetry.',
  },
  {
    cases: ['service-name-trimmed'],
    what: 'Values are trimmed (OTEL_SERVICE_NAME=" checkout " is "checkout"); the NodeSDK keeps the spaces.',
    why: 'A documented choice: stray spaces in a manifest are never meant.',
  },
  {
    cases: [],
    what:
      'OTEL_BSP_SCHEDULE_DELAY=0 is allowed (spans are exported without delay); the NodeSDK replaces it with 5000. ' +
      'Not visible at the receiver: the same spans arrive in the same batches (environment bsp-schedule-delay-0).',
    why: 'A documented choice: 0 is a valid delay.',
  },
];

const BASE = { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}' };

const ENVIRONMENTS: Environment[] = [
  // Service name and resource attributes.
  { id: 'service-name', env: { ...BASE, OTEL_SERVICE_NAME: 'checkout' } },
  { id: 'resource-encoded', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'team=pay%20ments,eq=x%3Dy%2Cz,k%C3%A9y=%E2%82%AC' } },
  { id: 'resource-duplicates-trimmed', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: ' team = a , ,team=b,region=eu ' } },
  { id: 'resource-service-name', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,team=a' } },
  { id: 'service-name-over-resource', env: { ...BASE, OTEL_SERVICE_NAME: 'svc', OTEL_RESOURCE_ATTRIBUTES: 'service.name=res' } },
  { id: 'resource-unencoded-equals', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'a=b=c,team=x' } },
  { id: 'resource-semicolon', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'a=1;p=2' } },
  { id: 'resource-no-equals', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'team' } },
  { id: 'resource-bad-escape', env: { ...BASE, OTEL_RESOURCE_ATTRIBUTES: 'a=%zz,team=x' } },
  { id: 'service-name-trimmed', env: { ...BASE, OTEL_SERVICE_NAME: ' checkout ' } },
  // Endpoints.
  { id: 'base-no-slash', env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}' } },
  { id: 'base-slash', env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/' } },
  { id: 'base-prefix', env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/prefix' } },
  { id: 'traces-endpoint', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '{base}/custom/traces' } },
  { id: 'traces-endpoint-slash', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '{base}/custom/traces/' } },
  { id: 'traces-endpoint-over-base', env: { OTEL_EXPORTER_OTLP_ENDPOINT: '{base}/base', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '{base}/specific' } },
  { id: 'exporter-otlp', env: { ...BASE, OTEL_TRACES_EXPORTER: 'otlp' } },
  { id: 'exporter-list', env: { ...BASE, OTEL_TRACES_EXPORTER: 'otlp, console' } },
  { id: 'no-exporter-no-endpoint', env: {}, libraryOnly: true },
  // Headers.
  { id: 'headers-encoded', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=acme' } },
  { id: 'headers-per-signal', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=a,x-team=t', OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=b' } },
  { id: 'headers-equals-in-value', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: ' authorization = Basic%20dXNlcg== ' } },
  { id: 'headers-malformed-entry', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-ok=1,broken,=v,x-bad=%zz' } },
  { id: 'headers-semicolon', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-a=1;p=2,x-b=c%3Bd' } },
  { id: 'headers-non-ascii', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-ok=1,x-euro=%E2%82%AC' } },
  { id: 'headers-space-in-name', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-ok=1,my%20key=v' } },
  { id: 'headers-crlf', env: { ...BASE, OTEL_EXPORTER_OTLP_HEADERS: 'x-ok=1,x-crlf=a%0D%0Ab' } },
  // Protocol.
  { id: 'protocol-json', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' } },
  { id: 'protocol-protobuf', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: ' http/protobuf ' } },
  { id: 'protocol-traces-json', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' } },
  { id: 'protocol-uppercase-protobuf', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/PROTOBUF' } },
  { id: 'protocol-uppercase-json', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/JSON' } },
  { id: 'protocol-grpc', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TIMEOUT: '1000' } },
  { id: 'protocol-grpc-unused', env: { ...BASE, OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } },
  { id: 'protocol-unknown-per-signal', env: { ...BASE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'xml' } },
  // Exporter names.
  { id: 'exporter-none', env: { ...BASE, OTEL_TRACES_EXPORTER: 'none' } },
  { id: 'exporter-uppercase', env: { ...BASE, OTEL_TRACES_EXPORTER: 'OTLP' } },
  { id: 'exporter-unknown', env: { ...BASE, OTEL_TRACES_EXPORTER: 'jaeger' } },
  // Timeouts.
  { id: 'timeout-invalid', env: { ...BASE, OTEL_EXPORTER_OTLP_TIMEOUT: '-1' } },
  { id: 'timeout-per-signal', env: { ...BASE, OTEL_EXPORTER_OTLP_TIMEOUT: 'abc', OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '5000' } },
  // The off switch.
  { id: 'sdk-disabled', env: { ...BASE, OTEL_SDK_DISABLED: 'true' } },
  { id: 'sdk-disabled-uppercase', env: { ...BASE, OTEL_SDK_DISABLED: ' TRUE ' } },
  { id: 'sdk-disabled-other-value', env: { ...BASE, OTEL_SDK_DISABLED: 'yes' } },
  // Samplers, with remote sampled and unsampled parents.
  { id: 'sampler-always-on', env: { ...BASE, OTEL_TRACES_SAMPLER: 'always_on' } },
  { id: 'sampler-always-off', env: { ...BASE, OTEL_TRACES_SAMPLER: 'always_off' } },
  { id: 'sampler-traceidratio', env: { ...BASE, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' }, randomRoots: true },
  { id: 'sampler-traceidratio-0', env: { ...BASE, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' } },
  { id: 'sampler-parentbased-always-on', env: { ...BASE, OTEL_TRACES_SAMPLER: 'parentbased_always_on' } },
  { id: 'sampler-parentbased-always-off', env: { ...BASE, OTEL_TRACES_SAMPLER: 'parentbased_always_off' } },
  { id: 'sampler-parentbased-traceidratio', env: { ...BASE, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' }, randomRoots: true },
  { id: 'sampler-arg-not-a-number', env: { ...BASE, OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' } },
  { id: 'sampler-arg-out-of-range', env: { ...BASE, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' } },
  { id: 'sampler-unknown', env: { ...BASE, OTEL_TRACES_SAMPLER: 'jaeger_remote' } },
  { id: 'sampler-uppercase', env: { ...BASE, OTEL_TRACES_SAMPLER: 'ALWAYS_OFF' } },
  // Batch settings.
  { id: 'bsp-batch-size', env: { ...BASE, OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '2' } },
  { id: 'bsp-queue-size', env: { ...BASE, OTEL_BSP_MAX_QUEUE_SIZE: '2' } },
  { id: 'bsp-batch-above-queue', env: { ...BASE, OTEL_BSP_MAX_QUEUE_SIZE: '4', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8' } },
  { id: 'bsp-schedule-delay-0', env: { ...BASE, OTEL_BSP_SCHEDULE_DELAY: '0' } },
  { id: 'bsp-invalid', env: { ...BASE, OTEL_BSP_MAX_QUEUE_SIZE: '-1', OTEL_BSP_SCHEDULE_DELAY: 'soon', OTEL_BSP_EXPORT_TIMEOUT: '0' } },
];

type Side = 'sdk' | 'library';

/** What one side delivered for one environment. */
interface Arrival {
  /** Each request: path (the side's prefix removed), media type, compared headers, spans in it; sorted. */
  requests: string[];
  /** The resource of the spans (every request of one side carries the same). */
  resource: Record<string, unknown> | undefined;
  /** Names of the spans that arrived, sorted. */
  sampled: string[];
  /** The code of the error the shutdown rejected with, if it did. */
  failed: string | undefined;
}

/** Headers that differ by transport, not by configuration. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

const childScript = fileURLToPath(new URL('./support/differentialChild.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

let receiver: OtlpReceiver;
const arrivals = new Map<string, Arrival>();
const childOutput: Record<Side, { stdout: string; stderr: string }> = { sdk: { stdout: '', stderr: '' }, library: { stdout: '', stderr: '' } };

function prefix(side: Side, id: string): string {
  return `/${side}/${id}`;
}

function casesFor(side: Side): DifferentialCase[] {
  return ENVIRONMENTS.filter((environment) => side === 'library' || !environment.libraryOnly).map(({ id, env }) => {
    const resolved: Record<string, string> = { OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' };
    if (side === 'sdk') resolved.OTEL_NODE_RESOURCE_DETECTORS = 'env';
    for (const [name, value] of Object.entries(env)) resolved[name] = value.replace('{base}', `${receiver.baseUrl}${prefix(side, id)}`);
    return { id, env: resolved };
  });
}

/** Runs one side's child over every environment; resolves with its output once it exits. */
function runSide(side: Side): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, side], {
      cwd: repoRoot,
      argv0: 'node',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_'))),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(JSON.stringify(casesFor(side)));
  });
}

function describeRequest(request: CapturedRequest, side: Side, { id, randomRoots }: Environment): string {
  const headers = Object.entries(request.headers)
    .filter(([name]) => !TRANSPORT_HEADERS.has(name))
    .map(([name, value]) => `${name}=${String(value)}`)
    .sort();
  const path = request.path.slice(prefix(side, id).length) || '/';
  const mediaType = request.contentType.split(';')[0]?.trim();
  // With random roots, how many spans a request holds is random too.
  return `${path} ${mediaType} [${headers.join(' ')}] spans=${randomRoots ? '?' : decodeSpans(request).length}`;
}

function arrivalOf(side: Side, environment: Environment): Arrival {
  const requests = receiver.requests.filter((request) => request.path.startsWith(`${prefix(side, environment.id)}/`));
  const spans = requests.flatMap((request) => decodeSpans(request));
  const sampled = spans
    .map((span) => span.name)
    .filter((name) => !(environment.randomRoots && ROOT_SPANS.includes(name)))
    .sort();
  const failure = childOutput[side].stdout.split('\n').find((line) => line.startsWith(`@@failed ${environment.id} `));
  return {
    requests: requests.map((request) => describeRequest(request, side, environment)).sort(),
    resource: spans[0]?.resource,
    sampled,
    failed: failure?.split(' ')[2],
  };
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  const [sdk, library] = await Promise.all([runSide('sdk'), runSide('library')]);
  childOutput.sdk = sdk;
  childOutput.library = library;
  for (const [side, result] of [['sdk', sdk], ['library', library]] as const) {
    const done = result.stdout.split('\n').filter((line) => line.startsWith('@@done ')).length;
    if (result.code !== 0 || done !== casesFor(side).length) {
      throw new Error(`the ${side} child exited with ${result.code} after ${done} environments:\n${result.stderr}`);
    }
  }
  for (const environment of ENVIRONMENTS) {
    arrivals.set(`library ${environment.id}`, arrivalOf('library', environment));
    if (!environment.libraryOnly) arrivals.set(`sdk ${environment.id}`, arrivalOf('sdk', environment));
  }
}, 60_000);

afterAll(async () => {
  await receiver?.close();
});

describe('the environment, given to the library and to the NodeSDK', () => {
  const deviating = new Set(DEVIATIONS.flatMap((deviation) => deviation.cases));
  const agreeing = ENVIRONMENTS.filter((environment) => !deviating.has(environment.id));
  const compared = ENVIRONMENTS.filter((environment) => deviating.has(environment.id) && !environment.libraryOnly);

  it.each(agreeing.map((environment) => [environment.id, environment] as const))('%s: the same arrives from both', (_id, environment) => {
    const library = arrivals.get(`library ${environment.id}`);
    const sdk = arrivals.get(`sdk ${environment.id}`);
    expect(library).toEqual(sdk);
  });

  it.each(compared.map((environment) => [environment.id, environment] as const))(
    '%s: a listed deviation, and it does show',
    (_id, environment) => {
      expect(arrivals.get(`library ${environment.id}`)).not.toEqual(arrivals.get(`sdk ${environment.id}`));
    },
  );

  it('sends nothing when no exporter is named and no endpoint is set (run by the library alone)', () => {
    expect(arrivals.get('library no-exporter-no-endpoint')).toEqual({ requests: [], resource: undefined, sampled: [], failed: undefined });
  });

  it('compares environments where something arrives, in every sampling and batching shape', () => {
    // The comparison is worth something only if the runs delivered: a guard against a harness that sends nothing.
    const sdkBatches = arrivals.get('sdk bsp-batch-size')?.requests.map((request) => request.split(' spans=')[1]);
    expect(sdkBatches).toEqual(['1', '2', '2']);
    expect(arrivals.get('sdk sampler-parentbased-always-on')?.sampled).toEqual(['root-1', 'root-2', 'root-3', 'under-sampled-high', 'under-sampled-low']);
    expect(arrivals.get('sdk sampler-traceidratio')?.sampled).toEqual(['under-sampled-low', 'under-unsampled-low']);
    expect(arrivals.get('sdk resource-encoded')?.resource).toMatchObject({ team: 'pay ments', eq: 'x=y,z', 'kéy': '€' });
    expect(arrivals.get('library protocol-json')?.requests[0]).toMatch(/^\/v1\/traces application\/json /);
  });
});
