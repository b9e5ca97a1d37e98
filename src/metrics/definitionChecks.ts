import { inspect } from 'node:util';
import { closestName } from '../config/settingChecks.js';

/** OpenTelemetry's instrument name syntax: a letter, then up to 254 of `[A-Za-z0-9_./-]`. */
const INSTRUMENT_NAME = /^[A-Za-z][A-Za-z0-9_./-]{0,254}$/;
/** OpenTelemetry's unit syntax: at most 63 ASCII characters. */
const UNIT = /^[\x20-\x7e]{0,63}$/;
const MAX_SHOWN_ITEMS = 10;

// Option names of Elixir's Telemetry.Metrics that are spelled differently here.
const TELEMETRY_METRICS_NAMES: Readonly<Record<string, string>> = Object.freeze({
  event_name: 'event',
  buckets: 'boundaries',
  drop: 'keep',
});

/** A short rendering of a bad value for an error message (`'db.query'`, `[10, 5]`); never throws. */
export function show(value: unknown): string {
  try {
    if (Array.isArray(value)) {
      const items = (value as unknown[]).slice(0, MAX_SHOWN_ITEMS).map(show);
      if (value.length > MAX_SHOWN_ITEMS) items.push('…');
      return `[${items.join(', ')}]`;
    }
    const text = inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: MAX_SHOWN_ITEMS, maxStringLength: 120 });
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  } catch {
    return `[${typeof value}]`;
  }
}

/**
 * The argument checks of one call of `counter`, `sum`, `lastValue` or `histogram`: every
 * error names the function, the definition's name, the argument and what is allowed.
 */
export class DefinitionChecks {
  readonly #call: string;

  constructor(functionName: string, name: unknown) {
    this.#call = `${functionName}(${show(name)})`;
  }

  /** `histogram('db.query.duration'): opts.boundaries must be …, got [10, 5]`. */
  invalid(argument: string, allowed: string, value: unknown): TypeError {
    return new TypeError(`${this.#call}: ${argument} must be ${allowed}, got ${show(value)}`);
  }

  name(value: unknown): string {
    if (typeof value !== 'string' || !INSTRUMENT_NAME.test(value)) {
      throw this.invalid('name', "an OpenTelemetry instrument name (a letter, then up to 254 letters, digits, '_', '.', '/' or '-')", value);
    }
    if (value.split('.').includes('')) {
      throw this.invalid('name', 'dot-separated segments that are not empty', value);
    }
    return value;
  }

  /** `opts` as an object, `{}` when not given. */
  options(value: unknown): Record<string, unknown> {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.invalid('opts', 'an object of options', value);
    return value as Record<string, unknown>;
  }

  /** Refuses keys that this kind does not take, with a hint for a misspelt one or one meant for another kind. */
  knownKeys(opts: Record<string, unknown>, allowed: readonly string[], otherKinds: Readonly<Record<string, string>>): void {
    for (const key of Object.keys(opts)) {
      if (allowed.includes(key)) continue;
      const owner = otherKinds[key];
      if (owner !== undefined) {
        throw new TypeError(`${this.#call}: opts.${key} is only for ${owner}(); allowed: ${allowed.join(', ')}`);
      }
      const closest = TELEMETRY_METRICS_NAMES[key] ?? closestName(key, allowed);
      const hint = closest === undefined || !allowed.includes(closest) ? '' : ` (did you mean "${closest}"?)`;
      throw new TypeError(`${this.#call}: unknown option "opts.${key}"${hint}; allowed: ${allowed.join(', ')}`);
    }
  }

  /** A dotted event name or an array of parts, as the bus accepts it, in array form. */
  event(value: unknown): readonly string[] {
    const allowed = 'a dotted event name without empty parts, or a non-empty array of non-empty strings';
    const parts = typeof value === 'string' ? value.split('.') : value;
    if (!Array.isArray(parts) || parts.length === 0 || !parts.every((part) => typeof part === 'string' && part !== '')) {
      throw this.invalid('opts.event', allowed, value);
    }
    return Object.freeze([...(parts as string[])]);
  }

  measurement<Reader>(value: unknown): string | Reader | undefined {
    if (value === undefined || typeof value === 'function') return value as Reader | undefined;
    if (typeof value === 'string' && value !== '') return value;
    throw this.invalid('opts.measurement', 'a measurement key (a non-empty string) or a function (measurements, metadata) => number | undefined', value);
  }

  tags(value: unknown): readonly string[] {
    if (value === undefined) return Object.freeze([]);
    const allowed = 'an array of distinct non-empty strings (metadata keys)';
    if (!Array.isArray(value)) throw this.invalid('opts.tags', allowed, value);
    const tags = value as unknown[];
    tags.forEach((tag, index) => {
      if (typeof tag !== 'string' || tag === '') throw this.invalid(`opts.tags[${index}]`, 'a non-empty string (a metadata key)', tag);
      if (tags.indexOf(tag) !== index) throw this.invalid('opts.tags', allowed, value);
    });
    return Object.freeze([...(tags as string[])]);
  }

  optionalFunction<Fn>(argument: string, value: unknown, allowed: string): Fn | undefined {
    if (value === undefined || typeof value === 'function') return value as Fn | undefined;
    throw this.invalid(argument, allowed, value);
  }

  unit(value: unknown): string | undefined {
    if (value === undefined || (typeof value === 'string' && UNIT.test(value))) return value;
    throw this.invalid('opts.unit', "a string of at most 63 ASCII characters (such as 'ms', 'By' or '{request}')", value);
  }

  description(value: unknown): string | undefined {
    if (value === undefined || typeof value === 'string') return value;
    throw this.invalid('opts.description', 'a string', value);
  }

  boundaries(value: unknown): readonly number[] | undefined {
    if (value === undefined) return undefined;
    const valid =
      Array.isArray(value) &&
      (value as unknown[]).every(
        (bound, index, all) => typeof bound === 'number' && Number.isFinite(bound) && (index === 0 || bound > (all[index - 1] as number)),
      );
    if (!valid) throw this.invalid('opts.boundaries', 'strictly increasing finite numbers', value);
    return Object.freeze([...(value as number[])]);
  }

  monotonic(value: unknown): boolean {
    if (value === undefined) return true;
    if (typeof value !== 'boolean') throw this.invalid('opts.monotonic', 'true or false', value);
    return value;
  }

  /** A name of one segment leaves no event: `opts.event` must give it. */
  singleSegment(name: string): TypeError {
    return this.invalid(
      'name',
      "an event name followed by a measurement ('db.query.duration'), or a single segment with opts.event naming the event",
      name,
    );
  }
}
