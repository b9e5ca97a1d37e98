import { context, trace, type Context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { childScope, MAX_SCOPE_DEPTH, type FlowScope } from '../../src/context/flowScope.js';
import { MAX_SPAN_FRAMES } from '../../src/context/spanFrames.js';
import type { SpanHandle } from '../../src/span/types.js';
import { createHarness } from './harness.js';

/** Runs `fn` inside `depth` nested scopes made by `enter(level, next)`, innermost last. */
function nested<T>(depth: number, enter: (level: number, next: () => T) => T, fn: () => T, level = 0): T {
  return level === depth ? fn() : enter(level, () => nested(depth, enter, fn, level + 1));
}

function chainLength(scope: FlowScope | undefined): number {
  let length = 0;
  for (let s = scope; s !== undefined; s = s.parent) length += 1;
  return length;
}

describe('a flow deeper than the scope bound', () => {
  it('starts its deeper scopes on one compact copy, so no chain holds more than the bound', () => {
    let scope: FlowScope | undefined;
    let longest = 0;
    for (let i = 0; i < 5 * MAX_SCOPE_DEPTH; i += 1) {
      scope = childScope(scope, undefined, Object.freeze({ [`level${i}`]: i }));
      longest = Math.max(longest, chainLength(scope));
    }
    expect(longest, `longest chain over ${5 * MAX_SCOPE_DEPTH} nested scopes`).toBe(MAX_SCOPE_DEPTH);
  });

  it('sees its ancestry\'s merged fields as they were when copied: a later write by an ancestor beyond the bound is not seen', () => {
    const { errors } = createHarness();
    const depth = 3 * MAX_SCOPE_DEPTH;
    const expected: Record<string, unknown> = { requestId: 'r1' };
    for (let level = 0; level < depth; level += 1) Object.assign(expected, { [`k${level % 7}`]: level, level });
    let outer: Context | undefined;
    errors.withContext({ requestId: 'r1' }, () => {
      outer = context.active();
      nested(
        depth,
        (level, next) =>
          errors.withContext({ [`k${level % 7}`]: level, level }, next),
        () => {
          const deep = errors.getContext();
          expect(deep).toEqual(expected);
          expect(Object.isFrozen(deep)).toBe(true);
          context.with(outer as Context, () => errors.setContext({ outer: 'written after' }));
          expect(errors.getContext()).toEqual(expected);
          errors.setContext({ userId: 'u1' });
          expect(errors.getContext()).toEqual({ ...expected, userId: 'u1' });
        },
      );
    });
  });

  it('names the innermost spans in spanStack() and spanPath, with their ids, and keeps the active span its handle', () => {
    const { errors, spans } = createHarness();
    const depth = 2 * MAX_SPAN_FRAMES + 40;
    const handles: SpanHandle[] = [];
    spans.withSpan('job', (job) => {
      // Enough scopes without spans that the job's own frame is copied away.
      nested(
        MAX_SCOPE_DEPTH + 10,
        (level, next) => errors.withContext({ level }, next),
        () => {
          nested(
            depth,
            (level, next) => spans.withSpan(`span ${level}`, (handle) => {
              handles.push(handle);
              return next();
            }),
            () => {
              const innermost = handles.slice(-MAX_SPAN_FRAMES);
              const stack = spans.spanStack();
              expect(stack, `spanStack() over ${depth + 1} nested spans`).toEqual(
                innermost.map((handle) => ({ name: handle.name, spanId: handle.spanId, traceId: handle.traceId })),
              );
              const err = errors.enrichError(new Error('deep')) as any;
              expect(err.context.spanPath).toEqual(innermost.map((handle) => handle.name));
              expect(spans.activeSpan()).toBe(handles.at(-1));
            },
          );
          expect(spans.activeSpan(), 'the job span, beyond the bound, is still the active handle').toBe(job);
          expect(trace.getActiveSpan()).toBe(job.otelSpan);
          expect(spans.spanStack().map((entry) => entry.name)).toEqual(['job']);
        },
      );
    });
  });

  it('keeps the latest maxBreadcrumbs of the scopes it replaced, oldest first', () => {
    const maxBreadcrumbs = 5;
    const { errors } = createHarness({ maxBreadcrumbs });
    const depth = 3 * MAX_SCOPE_DEPTH;
    nested(
      depth,
      (level, next) => errors.withContext({}, () => {
        errors.addBreadcrumb(`b${level}`, { level });
        return next();
      }),
      () => {
        const trail = (errors.enrichError(new Error('deep')) as any).context.breadcrumbs as { message: string; data: { level: number } }[];
        const levels = trail.map((breadcrumb) => breadcrumb.data.level);
        expect(trail.length, `${trail.length} breadcrumbs after ${depth} scopes of one each`).toBeLessThanOrEqual(MAX_SCOPE_DEPTH + maxBreadcrumbs);
        expect(trail.length).toBeGreaterThanOrEqual(maxBreadcrumbs);
        // A contiguous run ending with the latest: nothing in between is lost, only the oldest.
        expect(levels).toEqual(levels.map((_, i) => depth - levels.length + i));
        expect(trail.map((breadcrumb) => breadcrumb.message)).toEqual(levels.map((level) => `b${level}`));
      },
    );
  });

  it('keeps as many breadcrumbs as the largest maxBreadcrumbs of the instances that wrote in the flow', () => {
    const wide = createHarness({ maxBreadcrumbs: 5 });
    const narrow = createHarness({ maxBreadcrumbs: 1 });
    const depth = 2 * MAX_SCOPE_DEPTH;
    const shortest: number[] = [];
    nested(
      depth,
      (level, next) => wide.errors.withContext({}, () => {
        // Each scope ends up holding the narrow instance's breadcrumb only, written last.
        wide.errors.addBreadcrumb(`wide ${level}`);
        narrow.errors.addBreadcrumb(`narrow ${level}`);
        const trail = (wide.errors.enrichError(new Error('deep')) as any).context.breadcrumbs as unknown[];
        if (trail.length < Math.min(level + 1, 5)) shortest.push(level);
        return next();
      }),
      () => undefined,
    );
    expect(shortest, 'levels where an error carried fewer than the 5 latest breadcrumbs').toEqual([]);
  });
});
