import { context, createContextKey, ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/context/ensureContextManager.js';

const KEY = createContextKey('test-key');

describe('ensureContextManager', () => {
  afterEach(() => {
    context.disable();
  });

  it('registers an AsyncLocalStorage context manager when none is registered', async () => {
    context.disable();
    expect(ensureContextManager()).toBe(true);
    const seen = await context.with(ROOT_CONTEXT.setValue(KEY, 'flow-a'), async () => {
      await Promise.resolve();
      await new Promise((resolve) => setImmediate(resolve));
      return context.active().getValue(KEY);
    });
    expect(seen).toBe('flow-a');
  });

  it('reuses a working context manager', () => {
    context.disable();
    const existing = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(existing);
    expect(ensureContextManager()).toBe(false);
    const probe = ROOT_CONTEXT.setValue(KEY, 'kept');
    expect(existing.with(probe, () => context.active().getValue(KEY))).toBe('kept');
  });

  it('replaces a registered manager that does not carry context', () => {
    context.disable();
    const broken: ContextManager = {
      active: () => ROOT_CONTEXT,
      with: <A extends unknown[], F extends (...args: A) => ReturnType<F>>(_ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A) =>
        fn.call(thisArg, ...args),
      bind: <T>(_ctx: Context, target: T) => target,
      enable() {
        return this;
      },
      disable() {
        return this;
      },
    };
    context.setGlobalContextManager(broken);
    expect(ensureContextManager()).toBe(true);
    expect(context.with(ROOT_CONTEXT.setValue(KEY, 1), () => context.active().getValue(KEY))).toBe(1);
  });

  it('registers only once for repeated calls', () => {
    context.disable();
    expect(ensureContextManager()).toBe(true);
    expect(ensureContextManager()).toBe(false);
  });
});
