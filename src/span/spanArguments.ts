import { SpanKind, type Attributes, type SpanOptions as OtelSpanOptions } from '@opentelemetry/api';
import type { SpanOptions } from './types.js';

/** The public function whose arguments are checked, named first in each message: `withSpan: fn must be …`. */
export type SpanCall = 'withSpan' | 'traced' | 'startSpan' | 'SpanHandle.run';

/** Throws a TypeError unless `name` is a non-empty string. */
export function assertSpanName(name: unknown, call: SpanCall): asserts name is string {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(`${call}: name must be a non-empty string, got ${describeValue(name)}`);
  }
}

/** Throws a TypeError naming `call` and `argument` unless `value` is a function. */
export function assertFunction(value: unknown, argument: string, call: SpanCall): asserts value is (...args: never[]) => unknown {
  if (typeof value !== 'function') {
    throw new TypeError(`${call}: ${argument} must be a function, got ${describeValue(value)}`);
  }
}

/**
 * Tells span options from attributes: an object is options when its `attributes` key
 * holds an object (attribute values never are objects), or when every own key is one of
 * `attributes`, `kind`, `links`, `root` and each holds its option's type (a SpanKind
 * number, an array, a boolean). `{ kind: 'order' }` is therefore an attribute.
 */
export function isSpanOptions(value: object): value is SpanOptions {
  const record = value as Record<string, unknown>;
  if (isAttributesObject(record.attributes)) return true;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const field = record[key];
    if (field === undefined) continue;
    switch (key) {
      case 'kind':
        if (typeof field !== 'number') return false;
        break;
      case 'links':
        if (!Array.isArray(field)) return false;
        break;
      case 'root':
        if (typeof field !== 'boolean') return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function isAttributesObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The OpenTelemetry start options for `withSpan`/`startSpan`'s second argument
 * (`undefined` when there is nothing to pass). Throws a TypeError on a bad value.
 */
export function toOtelSpanOptions(attributesOrOptions: unknown, call: SpanCall): OtelSpanOptions | undefined {
  if (attributesOrOptions === undefined) return undefined;
  if (typeof attributesOrOptions !== 'object' || attributesOrOptions === null || Array.isArray(attributesOrOptions)) {
    throw new TypeError(
      `${call}: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got ${describeValue(attributesOrOptions)}`,
    );
  }
  if (!isSpanOptions(attributesOrOptions)) return { attributes: attributesOrOptions as Attributes };
  assertSpanOptionFields(attributesOrOptions, call);
  // Our options are a subset of OpenTelemetry's, so they are passed on as they are.
  return attributesOrOptions;
}

/** Options marked by an `attributes` object may still hold a wrong `kind`, `links`, `root` or an unknown key. */
function assertSpanOptionFields(options: SpanOptions, call: SpanCall): void {
  for (const key of Object.keys(options)) {
    if (key !== 'attributes' && key !== 'kind' && key !== 'links' && key !== 'root') {
      throw new TypeError(
        `${call}: attributesOrOptions has options ({ attributes }) and an unknown key ${JSON.stringify(key)}; allowed: attributes, kind, links, root`,
      );
    }
  }
  assertSpanKind(options.kind, `${call}: kind`);
  assertLinks(options.links, `${call}: links`);
  assertRoot(options.root, `${call}: root`);
}

function assertLinks(links: unknown, argument: string): void {
  if (links !== undefined && !Array.isArray(links)) {
    throw new TypeError(`${argument} must be an array of links ({ context, attributes? }), got ${describeValue(links)}`);
  }
}

function assertRoot(root: unknown, argument: string): void {
  if (root !== undefined && typeof root !== 'boolean') {
    throw new TypeError(`${argument} must be a boolean, got ${describeValue(root)}`);
  }
}

/** Throws a TypeError naming `argument` (`withSpan: kind`) unless `kind` is undefined or a SpanKind value. */
function assertSpanKind(kind: unknown, argument: string): void {
  if (kind === undefined) return;
  if (typeof kind !== 'number' || SpanKind[kind] === undefined) {
    throw new TypeError(`${argument} must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got ${describeValue(kind)}`);
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Throws a TypeError unless `options` is undefined or valid `traced` options. */
export function assertTracedOptions(options: unknown): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`traced: options must be { attributes?, kind?, links?, root? }, got ${describeValue(options)}`);
  }
  const { attributes, kind, links, root } = options as Record<string, unknown>;
  if (attributes !== undefined && typeof attributes !== 'function' && (typeof attributes !== 'object' || attributes === null)) {
    throw new TypeError(`traced: options.attributes must be an attributes object or a function of the arguments, got ${describeValue(attributes)}`);
  }
  assertSpanKind(kind, 'traced: options.kind');
  assertLinks(links, 'traced: options.links');
  assertRoot(root, 'traced: options.root');
}
