import type { ExecutedObserver } from './sampled/eventSystem.js';

/**
 * Option key the test kit uses to observe every executed event. `Symbol.for`, so the
 * separately bundled `testing` entry and the main entry agree on it.
 */
export const EXECUTED_OBSERVER = Symbol.for('foundation-telemetry.executed-observer');

export interface InternalOptions {
  [EXECUTED_OBSERVER]?: ExecutedObserver;
}
