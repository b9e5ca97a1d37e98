import { context, createContextKey, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../src/context/ensureContextManager.js';
import { childScope, currentScope, type SpanFrame } from '../../src/context/flowScope.js';
import { activeSpanFrame, contextWithScope } from '../../src/context/scopeContext.js';

const OTHER_KEY = createContextKey('scope-context-test.other');

function someSpan(spanId: string) {
  return trace.wrapSpanContext({ ...INVALID_SPAN_CONTEXT, traceId: '0af7651916cd43dd8448eb211c80319c', spanId });
}

describe('contextWithScope', () => {
  beforeAll(() => {
    ensureContextManager();
  });

  it('is seen by trace.getSpan as the context of its span (the span key still matches the API\'s)', () => {
    const span = someSpan('b7ad6b7169203331');
    const scope = childScope(undefined, undefined, { a: 1 });
    const ctx = contextWithScope(ROOT_CONTEXT, scope, span);
    expect(trace.getSpan(ctx)).toBe(span);
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(context.with(ctx, () => trace.getActiveSpan())).toBe(span);
    expect(currentScope(ctx)).toBe(scope);
  });

  it('takes the span and other keys from its parent when it holds no span', () => {
    const span = someSpan('b7ad6b7169203331');
    const parent = trace.setSpan(ROOT_CONTEXT, span).setValue(OTHER_KEY, 'kept');
    const scope = childScope(undefined, undefined, undefined);
    const ctx = contextWithScope(parent, scope);
    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(OTHER_KEY)).toBe('kept');
    expect(currentScope(ctx)).toBe(scope);
    expect(currentScope(parent)).toBeUndefined();
  });

  it('nested scopes see the innermost scope and span, each parent unchanged', () => {
    const outerSpan = someSpan('1111111111111111');
    const innerSpan = someSpan('2222222222222222');
    const outerScope = childScope(undefined, undefined, { a: 1 });
    const outer = contextWithScope(ROOT_CONTEXT, outerScope, outerSpan);
    const innerScope = childScope(outerScope, undefined, { b: 2 });
    const inner = contextWithScope(contextWithScope(outer, innerScope), childScope(innerScope, undefined, undefined), innerSpan);
    expect(trace.getSpan(inner)).toBe(innerSpan);
    expect(currentScope(inner)?.parent).toBe(innerScope);
    expect(trace.getSpan(outer)).toBe(outerSpan);
    expect(currentScope(outer)).toBe(outerScope);
  });

  it('writes by other code (trace.setSpan, setValue, deleteValue) give ordinary contexts and leave it unchanged', () => {
    const span = someSpan('b7ad6b7169203331');
    const replacement = someSpan('c7ad6b7169203331');
    const scope = childScope(undefined, undefined, undefined);
    const ctx = contextWithScope(ROOT_CONTEXT.setValue(OTHER_KEY, 'parent'), scope, span);

    const replaced = trace.setSpan(ctx, replacement);
    expect(trace.getSpan(replaced)).toBe(replacement);
    expect(currentScope(replaced)).toBe(scope);
    expect(replaced.getValue(OTHER_KEY)).toBe('parent');

    const written = ctx.setValue(OTHER_KEY, 'child');
    expect(written.getValue(OTHER_KEY)).toBe('child');
    expect(trace.getSpan(written)).toBe(span);
    expect(currentScope(written)).toBe(scope);

    const withoutSpan = trace.deleteSpan(ctx);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(currentScope(withoutSpan)).toBe(scope);

    const withoutOther = ctx.deleteValue(OTHER_KEY);
    expect(withoutOther.getValue(OTHER_KEY)).toBeUndefined();
    expect(currentScope(withoutOther)).toBe(scope);

    expect(trace.getSpan(ctx)).toBe(span);
    expect(ctx.getValue(OTHER_KEY)).toBe('parent');
    expect(currentScope(ctx)).toBe(scope);
  });

  it('answers every key, and takes writes, however many scope contexts are nested', () => {
    const depth = 50_000;
    const span = someSpan('d7ad6b7169203331');
    const frame: SpanFrame = { name: 'outer', spanId: 'd7ad6b7169203331', traceId: '0af7651916cd43dd8448eb211c80319c' };
    let ctx = contextWithScope(ROOT_CONTEXT.setValue(OTHER_KEY, 'below'), childScope(undefined, frame, undefined), span);
    for (let i = 0; i < depth; i += 1) ctx = contextWithScope(ctx, childScope(currentScope(ctx), undefined, undefined));
    const innermost = currentScope(ctx);

    expect(ctx.getValue(OTHER_KEY), `a key set below ${depth} nested scopes`).toBe('below');
    expect(trace.getSpan(ctx)).toBe(span);
    expect(activeSpanFrame(ctx)).toBe(frame);

    const written = ctx.setValue(OTHER_KEY, 'above');
    expect(written.getValue(OTHER_KEY)).toBe('above');
    expect(trace.getSpan(written)).toBe(span);
    expect(activeSpanFrame(written)).toBe(frame);
    expect(currentScope(written)).toBe(innermost);

    const withoutSpan = trace.deleteSpan(ctx);
    expect(trace.getSpan(withoutSpan)).toBeUndefined();
    expect(withoutSpan.getValue(OTHER_KEY)).toBe('below');
    expect(currentScope(withoutSpan)).toBe(innermost);
    // A scope over the span-less context does not bring the span back.
    const above = contextWithScope(withoutSpan, childScope(innermost, undefined, undefined));
    expect(trace.getSpan(above)).toBeUndefined();

    expect(ctx.deleteValue(OTHER_KEY).getValue(OTHER_KEY)).toBeUndefined();
    expect(ctx.getValue(OTHER_KEY)).toBe('below');
  });
});
