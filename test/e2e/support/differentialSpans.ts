/** One environment of the differential run, as a child process receives it. */
export interface DifferentialCase {
  id: string;
  /** Exactly the `OTEL_*` variables the child sets (endpoints already point at the receiver). */
  env: Record<string, string>;
}

/** Root spans: sampled by the root sampler alone (their trace ids are random). */
export const ROOT_SPANS = Object.freeze(['root-1', 'root-2', 'root-3']);

/**
 * Remote parents, each given one child span. Their trace ids are chosen for the ratio
 * sampler, which samples when a value computed from the trace id falls below
 * ratio × 2³²: `…0001` gives 1 (sampled at any ratio above 0), `ffffffff…` gives
 * 2³² - 1 (sampled only at ratio 1). So every sampler decides these spans the same way
 * on every run.
 */
export const REMOTE_PARENTS = Object.freeze([
  { child: 'under-sampled-low', traceId: '00000000000000000000000000000001', spanId: '00f067aa0ba902b7', sampled: true },
  { child: 'under-sampled-high', traceId: 'ffffffff000000000000000000000000', spanId: '00f067aa0ba902b8', sampled: true },
  { child: 'under-unsampled-low', traceId: '00000000000000000000000000000002', spanId: '00f067aa0ba902b9', sampled: false },
  { child: 'under-unsampled-high', traceId: 'fffffffe000000000000000000000000', spanId: '00f067aa0ba902ba', sampled: false },
]);
