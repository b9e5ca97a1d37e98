import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect, type MatcherState } from 'vitest';
import type { EventName } from '../sampled/types.js';
import type { TestTelemetry } from './createTestTelemetry.js';
import { describeEventCounts, describeSpansSeen, parentNames, statusLabel } from './describeRecorded.js';
import { eventLabel, sameEventPath, toEventPath } from './eventName.js';
import type { RecordedEvent } from './eventRecorder.js';

export interface ToHaveEmittedOptions {
  /** Exact number of matching events; without it, at least one. */
  times?: number;
  /** Partial, deep match of the measurements (asymmetric matchers allowed). */
  measurements?: Record<string, unknown>;
  /** Partial, deep match of the metadata (asymmetric matchers allowed). */
  metadata?: Record<string, unknown>;
}

export type SpanStatusExpectation = 'unset' | 'ok' | 'error' | SpanStatusCode;

/**
 * The parent a span must have: its name, `{ spanId }` of one particular span (when several
 * share a name), or `null` for a root (a span without a finished parent).
 */
export type SpanParentExpectation = string | { spanId: string } | null;

export interface ToHaveSpanOptions {
  /** The parent span's name, `{ spanId }`, or `null` for a root. */
  parent?: SpanParentExpectation;
  /** `'unset' | 'ok' | 'error'`, or a `SpanStatusCode`. */
  status?: SpanStatusExpectation;
  /** Partial, deep match of the attributes (asymmetric matchers allowed). */
  attributes?: Record<string, unknown>;
}

interface TelemetryMatchers<R = unknown> {
  /**
   * Passes when `t` (from `createTestTelemetry` or `recordTelemetry`, or anything with its `events()`) executed
   * `event` at least once, or exactly `times` times, with measurements and metadata
   * containing the given ones.
   *
   * @example
   * expect(t).toHaveEmitted('db.query', { times: 2, metadata: { table: 'users' } });
   */
  toHaveEmitted(event: EventName, options?: ToHaveEmittedOptions): R;
  /**
   * Passes when `t` (from `createTestTelemetry` or `recordTelemetry`, or anything with its `spans()`) finished a
   * span named `name` with the given parent, status and (partial) attributes.
   *
   * @example
   * expect(t).toHaveSpan('checkout.charge', { parent: 'http.request', status: 'error' });
   * expect(t).toHaveSpan('db.query', { parent: { spanId: request.spanId } });
   */
  toHaveSpan(name: string, options?: ToHaveSpanOptions): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
  interface Matchers<T = any> extends TelemetryMatchers<T> {}
}

/** How many candidates a failure message shows in full. */
const CLOSEST_SHOWN = 3;

/** `received` if it has the recording method `method` (a test telemetry, a recording, or a wrapper of one). */
function withRecording<M extends 'events' | 'spans'>(received: unknown, method: M, matcher: string): Pick<TestTelemetry, M> {
  const candidate = received as Partial<Pick<TestTelemetry, M>> | null | undefined;
  if (typeof candidate?.[method] !== 'function') {
    throw new TypeError(
      `${matcher}: expected a telemetry made by createTestTelemetry() or a recordTelemetry() recording, got ${received === null ? 'null' : typeof received} without a ${method}() method`,
    );
  }
  return candidate as Pick<TestTelemetry, M>;
}

/** Deep partial equality with vitest's semantics (the same as `toMatchObject`). */
function containsAll(state: MatcherState, actual: unknown, expected: Record<string, unknown> | undefined): boolean {
  if (expected === undefined) return true;
  return state.equals(actual, expected, [...state.customTesters, state.utils.subsetEquality]);
}

/** How many of the expected top-level keys `actual` already satisfies: ranks near misses. */
function keysSatisfied(state: MatcherState, actual: Record<string, unknown>, expected: Record<string, unknown> | undefined): number {
  if (expected === undefined) return 0;
  return Object.keys(expected).filter((key) => key in actual && containsAll(state, { [key]: actual[key] }, { [key]: expected[key] })).length;
}

/** One-line rendering of a value for failure messages. */
function compact(state: MatcherState, value: unknown): string {
  return state.utils.stringify(value, 4, { maxLength: 2000, min: true });
}

function checkTimes(times: unknown): void {
  if (times !== undefined && (typeof times !== 'number' || !Number.isInteger(times) || times < 0)) {
    throw new TypeError(`toHaveEmitted: options.times must be an integer >= 0, got ${String(times)}`);
  }
}

function toHaveEmitted(this: MatcherState, received: unknown, event: EventName, options: ToHaveEmittedOptions = {}) {
  const telemetry = withRecording(received, 'events', 'toHaveEmitted');
  const path = toEventPath(event, 'toHaveEmitted: event');
  const { times, measurements, metadata } = options;
  checkTimes(times);
  const all = telemetry.events();
  const named = all.filter((recorded) => sameEventPath(recorded.event, path));
  const matching = named.filter(
    (recorded) => containsAll(this, recorded.measurements, measurements) && containsAll(this, recorded.metadata, metadata),
  );
  const pass = times === undefined ? matching.length > 0 : matching.length === times;

  const stringify = (value: unknown): string => compact(this, value);
  const label = eventLabel(path);
  const filtered = measurements !== undefined || metadata !== undefined;
  const wanted = [
    `'${label}'`,
    times === undefined ? '' : ` ${times} time${times === 1 ? '' : 's'}`,
    measurements === undefined ? '' : ` with measurements ${stringify(measurements)}`,
    metadata === undefined ? '' : `${measurements === undefined ? ' with' : ' and'} metadata ${stringify(metadata)}`,
  ].join('');
  const describeRecorded = (recorded: RecordedEvent): string =>
    `  - measurements ${stringify(recorded.measurements)}, metadata ${stringify(recorded.metadata)}`;

  const message = (): string => {
    if (this.isNot) {
      const found = matching.length === 1 ? 'it was emitted once' : `it was emitted ${matching.length} times`;
      return [
        `expected telemetry not to have emitted ${wanted}, but ${found}:`,
        ...matching.slice(0, CLOSEST_SHOWN).map(describeRecorded),
      ].join('\n');
    }
    const counted = filtered
      ? `'${label}' was emitted ${named.length} time${named.length === 1 ? '' : 's'}, ${matching.length} matching`
      : `'${label}' was emitted ${named.length} time${named.length === 1 ? '' : 's'}`;
    const lines = [`expected telemetry to have emitted ${wanted}, but ${counted}.`];
    if (named.length > 0 && filtered) {
      const closest = named
        .map((recorded, order) => ({
          recorded,
          order,
          score: keysSatisfied(this, recorded.measurements, measurements) + keysSatisfied(this, recorded.metadata, metadata),
        }))
        .sort((a, b) => b.score - a.score || a.order - b.order)
        .slice(0, CLOSEST_SHOWN);
      lines.push(`Closest '${label}' events:`, ...closest.map(({ recorded }) => describeRecorded(recorded)));
    }
    lines.push(`Emitted: ${describeEventCounts(all)}`);
    return lines.join('\n');
  };
  return { pass, message };
}

function statusCodeOf(status: SpanStatusExpectation): SpanStatusCode {
  switch (status) {
    case 'unset':
    case SpanStatusCode.UNSET:
      return SpanStatusCode.UNSET;
    case 'ok':
    case SpanStatusCode.OK:
      return SpanStatusCode.OK;
    case 'error':
    case SpanStatusCode.ERROR:
      return SpanStatusCode.ERROR;
    default:
      throw new TypeError(
        `toHaveSpan: options.status must be 'unset', 'ok', 'error' or a SpanStatusCode, got ${String(status)}`,
      );
  }
}

function checkParent(parent: unknown): void {
  if (parent === undefined || parent === null || typeof parent === 'string') return;
  if (typeof parent === 'object' && typeof (parent as { spanId?: unknown }).spanId === 'string') return;
  throw new TypeError(`toHaveSpan: options.parent must be a span name or null, or { spanId: string }, got ${typeof parent}`);
}

/** The parent part of the expectation, as the failure message states it. */
function wantedParent(parent: SpanParentExpectation | undefined): string {
  if (parent === undefined) return '';
  if (parent === null) return ' as a root';
  if (typeof parent === 'string') return ` with parent '${parent}'`;
  return ` with parent span ${parent.spanId}`;
}

function toHaveSpan(this: MatcherState, received: unknown, name: string, options: ToHaveSpanOptions = {}) {
  const telemetry = withRecording(received, 'spans', 'toHaveSpan');
  if (typeof name !== 'string') {
    throw new TypeError(`toHaveSpan: name must be a string, got ${typeof name}`);
  }
  const { parent, attributes } = options;
  checkParent(parent);
  const statusCode = options.status === undefined ? undefined : statusCodeOf(options.status);
  const spans = telemetry.spans();
  const parents = parentNames(spans);
  const hasParent = (span: ReadableSpan): boolean => {
    if (parent === undefined) return true;
    if (parent === null || typeof parent === 'string') return (parents.get(span) ?? null) === parent;
    // By id, also a parent that has not finished (yet), unlike a match by name.
    return span.parentSpanContext?.spanId === parent.spanId;
  };
  const named = spans.filter((span) => span.name === name);
  const matching = named.filter(
    (span) =>
      hasParent(span) &&
      (statusCode === undefined || span.status.code === statusCode) &&
      containsAll(this, span.attributes, attributes),
  );
  const pass = matching.length > 0;

  const stringify = (value: unknown): string => compact(this, value);
  const wanted = [
    `'${name}'`,
    wantedParent(parent),
    statusCode === undefined ? '' : ` with status ${statusLabel(statusCode)}`,
    attributes === undefined ? '' : ` with attributes ${stringify(attributes)}`,
  ].join('');
  const describeSpan = (span: ReadableSpan): string => {
    const parentName = parents.get(span);
    const parentId = span.parentSpanContext?.spanId;
    const byId = typeof parent === 'object' && parent !== null;
    const parentLabel = byId
      ? `parent span ${parentId ?? 'none'}${parentName === undefined ? '' : ` '${parentName}'`}`
      : parentName === undefined
        ? 'root'
        : `parent '${parentName}'`;
    return `  - ${parentLabel}, status ${statusLabel(span.status.code)}, attributes ${stringify(span.attributes)}`;
  };

  const message = (): string => {
    if (this.isNot) {
      return [`expected telemetry not to have a span ${wanted}, but it has ${matching.length}:`, ...matching.slice(0, CLOSEST_SHOWN).map(describeSpan)].join('\n');
    }
    const lines =
      named.length === 0
        ? [`expected telemetry to have a span ${wanted}, but no finished span has that name.`]
        : [
            `expected telemetry to have a span ${wanted}, but ${named.length === 1 ? `the only '${name}' span does not match` : `none of the ${named.length} '${name}' spans matches`}:`,
            ...named.slice(0, CLOSEST_SHOWN).map(describeSpan),
          ];
    lines.push(describeSpansSeen(spans));
    return lines.join('\n');
  };
  return { pass, message };
}

expect.extend({ toHaveEmitted, toHaveSpan });

export type { TelemetryMatchers };
