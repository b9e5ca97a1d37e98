import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { activeContext, applyInContext, runInContext } from '../../src/context/contextManager.js';
import { ensureContextManager } from '../../src/context/ensureContextManager.js';

const KEY = createContextKey('context-manager-test.key');

afterEach(() => {
  // Leave a working manager registered for the next test, as createTelemetry would.
  ensureContextManager();
});

describe('talking to the registered context manager directly', () => {
  it('sees and sets the same context as the OpenTelemetry API', () => {
    ensureContextManager();
    const ctx = ROOT_CONTEXT.setValue(KEY, 'mine');
    context.with(ctx, () => expect(activeContext()).toBe(context.active()));
    expect(runInContext(ctx, () => context.active().getValue(KEY))).toBe('mine');
    expect(runInContext(ctx, (a: number, b: number) => a + b, 2, 3)).toBe(5);
  });

  it('follows a manager registered later in place of the first', () => {
    context.disable();
    const replacement = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(replacement);
    const ctx = ROOT_CONTEXT.setValue(KEY, 'replacement');
    expect(runInContext(ctx, () => replacement.active().getValue(KEY))).toBe('replacement');
    context.disable();
  });

  it('falls back to the API (the root context) when no manager is registered', () => {
    context.disable();
    expect(activeContext()).toBe(ROOT_CONTEXT);
    expect(runInContext(ROOT_CONTEXT.setValue(KEY, 1), () => 'ran')).toBe('ran');
  });

  it('applies a function with its own `this` and arguments without binding it (a `bind` of its own is never called)', () => {
    ensureContextManager();
    const target = Object.assign(
      function (this: { name: string }, suffix: string) {
        return `${this.name}${suffix}`;
      },
      {
        bind() {
          throw new Error('bind must not be called');
        },
      },
    );
    const ctx = ROOT_CONTEXT.setValue(KEY, 'x');
    expect(applyInContext(ctx, target, { name: 'app' }, ['!'])).toBe('app!');
  });
});
