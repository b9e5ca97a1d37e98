import type { ErrorContextHealth } from './types.js';

/** The instance's loss counters, shared by the modules that drop or cut data. */
export type ErrorContextCounters = ErrorContextHealth;

export function createCounters(): ErrorContextCounters {
  return { breadcrumbsDropped: 0, enrichFailed: 0, keysDropped: 0, valuesCut: 0 };
}
