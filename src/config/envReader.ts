import { envLabel, formatValue, type Env, type NumberRule } from './settingChecks.js';

/**
 * The environment as the configuration reads it, and what could not be used of it. The
 * environment is operations, not code, and must not stop a service from starting: a value
 * that cannot be used never throws. It is ignored, the setting falls back to its next
 * source or default, and one warning describes it (the same warning is kept once however
 * many signals read the variable).
 */
export class EnvReader {
  readonly #values: Env;
  readonly #warnings: Set<string>;

  constructor(values: Env, warnings: Set<string> = new Set()) {
    this.#values = values;
    this.#warnings = warnings;
  }

  /** A reader that sees no variable but reports to the same warnings: for settings whose variables do not apply. */
  none(): EnvReader {
    return new EnvReader({}, this.#warnings);
  }

  /** The value as set, untrimmed, for messages. */
  raw(name: string): string | undefined {
    return this.#values[name];
  }

  /** The value trimmed, or `undefined` when unset or blank (the OpenTelemetry rule: empty means unset). */
  string(name: string): string | undefined {
    const raw = this.#values[name];
    if (raw === undefined) return undefined;
    const trimmed = raw.trim();
    return trimmed === '' ? undefined : trimmed;
  }

  /** A number that `rule` allows, or `undefined` (with a warning when the value is set but unusable). */
  number(name: string, rule: NumberRule): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (Number.isNaN(value) || !rule.test(value)) return this.ignore(name, rule.allowed, this.raw(name));
    return value;
  }

  /**
   * Records that `name` holds `value`, which is not `allowed`, and returns `undefined`, the
   * value to go on with. `consequence` says what happens instead.
   */
  ignore(name: string, allowed: string, value: unknown, consequence = 'the default applies'): undefined {
    return this.ignoreDescribed(name, allowed, formatValue(value), consequence);
  }

  /** As `ignore`, with the value already described (`a value of 'authorization' with U+000D at position 10`). */
  ignoreDescribed(name: string, allowed: string, described: string, consequence: string): undefined {
    this.#warnings.add(`${envLabel(name)} must be ${allowed}, got ${described}: ignored, ${consequence}`);
    return undefined;
  }

  /** Records a warning about a value that is used, but not as it was meant. */
  warn(message: string): void {
    this.#warnings.add(message);
  }

  /** The warnings so far, in the order they were first met. */
  warnings(): readonly string[] {
    return [...this.#warnings];
  }
}
