import { expect } from 'vitest';
import type { TelemetryOptions } from '../../src/config/options.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';

/** Runs resolveConfig expecting a TypeError; returns its message. */
export function rejection(options: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    resolveConfig(options as TelemetryOptions, env);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as TypeError).message;
  }
  throw new Error('expected resolveConfig to throw');
}
