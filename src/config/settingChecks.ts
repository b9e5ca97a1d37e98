import { inspect } from 'node:util';
import type { ConfigSource } from './options.js';

/** The environment as read: `process.env` or a test's record. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Where each value of the effective configuration came from, by dotted path. */
export type Sources = Record<string, ConfigSource>;

/** How a setting is named in an error: the option path or the environment variable. */
export function optionLabel(path: string): string {
  return `option "${path}"`;
}

export function envLabel(name: string): string {
  return `environment variable ${name}`;
}

/** Short, one-line, never-throwing rendering of a bad value for an error message. */
export function formatValue(value: unknown): string {
  // `compact: true`: with a number, inspect groups long arrays on lines of their own.
  const text = inspect(value, { depth: 2, breakLength: Infinity, compact: true, maxArrayLength: 10, maxStringLength: 200 });
  return text.length > 240 ? `${text.slice(0, 240)}…` : text;
}

/** The one shape of every configuration error: who, what is allowed, what was given. */
export function invalidSetting(label: string, allowed: string, value: unknown): TypeError {
  return new TypeError(`createTelemetry: ${label} must be ${allowed}, got ${formatValue(value)}`);
}

/** A check on a number and the words that say what it allows. */
export interface NumberRule {
  readonly allowed: string;
  test(value: number): boolean;
}

export const RATIO: NumberRule = Object.freeze({
  allowed: 'a number from 0 to 1',
  test: (value: number) => value >= 0 && value <= 1,
});

export const DURATION: NumberRule = Object.freeze({
  allowed: 'a finite number of milliseconds >= 0',
  test: (value: number) => Number.isFinite(value) && value >= 0,
});

export const POSITIVE_DURATION: NumberRule = Object.freeze({
  allowed: 'a finite number of milliseconds > 0',
  test: (value: number) => Number.isFinite(value) && value > 0,
});

export const POSITIVE_INTEGER: NumberRule = Object.freeze({
  allowed: 'a positive integer',
  test: (value: number) => Number.isSafeInteger(value) && value > 0,
});

export const NON_NEGATIVE_INTEGER: NumberRule = Object.freeze({
  allowed: 'an integer >= 0',
  test: (value: number) => Number.isSafeInteger(value) && value >= 0,
});

export const POSITIVE_NUMBER: NumberRule = Object.freeze({
  allowed: 'a finite number > 0',
  test: (value: number) => Number.isFinite(value) && value > 0,
});

export function checkNumber(label: string, value: unknown, rule: NumberRule): number {
  if (typeof value !== 'number' || Number.isNaN(value) || !rule.test(value)) {
    throw invalidSetting(label, rule.allowed, value);
  }
  return value;
}

export function checkBoolean(label: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw invalidSetting(label, 'true or false', value);
  return value;
}

export function checkNonEmptyString(label: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw invalidSetting(label, 'a non-empty string', value);
  return value;
}

export function checkOneOf<T extends string>(label: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidSetting(label, `one of ${allowed.map((name) => `'${name}'`).join(', ')}`, value);
  }
  return value as T;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `undefined` stays `undefined`; anything but a plain object is rejected. */
export function checkOptionalObject(path: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw invalidSetting(optionLabel(path), 'an object', value);
  return value;
}

/** Typo protection: names the unknown key, the allowed ones and the closest match. */
export function checkKnownKeys(path: string | undefined, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const fullPath = path === undefined ? key : `${path}.${key}`;
    const closest = closestName(key, allowed);
    const hint = closest === undefined ? '' : ` (did you mean "${closest}"?)`;
    throw new TypeError(`createTelemetry: unknown option "${fullPath}"${hint}; allowed: ${allowed.join(', ')}`);
  }
}

/** The allowed name within edit distance 2 of `name` (case-insensitive), if any. */
export function closestName(name: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** A boolean option: its value and source, or `fallback` (source `'default'`). */
export function pickBoolean(path: string, given: unknown, fallback: boolean, sources: Sources): boolean {
  if (given === undefined) {
    sources[path] = 'default';
    return fallback;
  }
  sources[path] = 'option';
  return checkBoolean(optionLabel(path), given);
}

/** A number option with no environment variable: checked and assigned, or left to its default. */
export function pickNumber(path: string, given: unknown, rule: NumberRule, sources: Sources, assign: (value: number) => void): void {
  if (given === undefined) {
    sources[path] = 'default';
    return;
  }
  assign(checkNumber(optionLabel(path), given, rule));
  sources[path] = 'option';
}
