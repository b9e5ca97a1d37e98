import { describe, expect, it } from 'vitest';
import { waitFor, waitForEvent } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

/** The `at …` lines of an error's stack. */
function framesOf(error: unknown): string[] {
  return String((error as Error).stack)
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
}

describe('failed waits point at the line that waited', () => {
  it('waitFor: the first frame is the calling test line, not a timer inside the kit', async () => {
    const error: unknown = await waitFor(() => false, { timeoutMs: 5 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('waitFor: condition not met within 5ms; last value: false');
    const frames = framesOf(error);
    expect(frames[0], frames.join('\n')).toMatch(/callSite\.test\.ts:14:/);
    expect(frames.join('\n')).not.toMatch(/src\/testing\/|listOnTimeout/);
    expect(String((error as Error).stack)).toMatch(/^Error: waitFor: condition not met within 5ms/);
  });

  it('waitFor keeps the last error of the condition as the cause', async () => {
    const cause = new Error('not yet');
    const error: unknown = await waitFor(
      () => {
        throw cause;
      },
      { timeoutMs: 5 },
    ).catch((caught: unknown) => caught);
    expect((error as Error).cause).toBe(cause);
    expect(framesOf(error)[0]).toMatch(/callSite\.test\.ts:24:/);
  });

  it('waitForEvent: the first frame is the calling test line, and the message lists what was seen', async () => {
    const t = make();
    t.execute('job.started', {}, { jobId: 3 });
    const error: unknown = await waitForEvent(t, 'job.done', { timeoutMs: 5 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('waitForEvent: no job.done within 5ms; 1 event was executed:\n  - job.started ×1, metadata keys: [jobId]');
    const frames = framesOf(error);
    expect(frames[0], frames.join('\n')).toMatch(/callSite\.test\.ts:37:/);
    expect(frames.join('\n')).not.toMatch(/src\/testing\/|listOnTimeout/);
  });
});
