import { describe, expect, it } from 'vitest';
import { waitFor } from '../../src/testing/index.js';

describe('waitFor', () => {
  it('resolves with the first truthy value of a sync condition, polling until then', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls += 1;
      return calls >= 3 ? { calls } : undefined;
    }, { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
    expect(calls).toBe(3);
  });

  it('awaits an async condition and resolves with its value', async () => {
    let calls = 0;
    const value = await waitFor(async () => {
      calls += 1;
      return calls === 2 ? 'ready' : '';
    }, { intervalMs: 0 });
    expect(value).toBe('ready');
  });

  it('keeps polling through thrown errors', async () => {
    let calls = 0;
    const value = await waitFor(() => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return calls;
    }, { intervalMs: 0 });
    expect(value).toBe(3);
  });

  it('rejects after the timeout with the last value', async () => {
    await expect(waitFor(() => 0, { timeoutMs: 20, intervalMs: 1 })).rejects.toThrow(
      'waitFor: condition not met within 20ms; last value: 0',
    );
  });

  it('rejects after the timeout with the last error as message and cause', async () => {
    const failure = new RangeError('queue still has 2 jobs');
    const rejection = await waitFor(
      () => {
        throw failure;
      },
      { timeoutMs: 20, intervalMs: 1 },
    ).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(Error);
    expect((rejection as Error).message).toBe(
      'waitFor: condition not met within 20ms; last error: RangeError: queue still has 2 jobs',
    );
    expect((rejection as Error).cause).toBe(failure);
  });

  it('names what it waited for when given a message', async () => {
    await expect(waitFor(() => null, { timeoutMs: 10, intervalMs: 1, message: 'the job.run span' })).rejects.toThrow(
      'waitFor: the job.run span: condition not met within 10ms; last value: null',
    );
    expect(() => waitFor(() => true, { message: 42 as never })).toThrow('waitFor: options.message must be a string, got number');
  });

  it('rejects a condition that never settles at the timeout', async () => {
    await expect(waitFor(() => new Promise<boolean>(() => {}), { timeoutMs: 10 })).rejects.toThrow(
      'waitFor: condition not met within 10ms; it never returned',
    );
  });

  it('throws a TypeError for bad arguments', () => {
    expect(() => waitFor('yes' as never)).toThrow(/waitFor: condition must be a function, got string/);
    expect(() => waitFor(() => true, { timeoutMs: -5 })).toThrow(
      /waitFor: options.timeoutMs must be a finite number of milliseconds >= 0, got -5/,
    );
    expect(() => waitFor(() => true, { intervalMs: Number.NaN })).toThrow(/options.intervalMs/);
  });
});
