/** The fields a scope holds: a frozen object, replaced (never changed) on every write. */
export type ScopeFields = Record<string, unknown>;

/** A frozen merge of `layers` given innermost first: outer fields first, inner ones win. */
export function frozenMerge(layers: ReadonlyArray<Readonly<ScopeFields>>): Readonly<ScopeFields> {
  const merged: ScopeFields = {};
  for (let i = layers.length - 1; i >= 0; i -= 1) copyFields(merged, layers[i] as Readonly<ScopeFields>);
  return Object.freeze(merged);
}

/** Copies the own enumerable fields of `source` onto `target`; a `__proto__` field stays a field. */
export function copyFields(target: ScopeFields, source: Readonly<ScopeFields>): void {
  // `Object.assign` would set the prototype for an own `__proto__` key: rare, so checked first.
  if (!Object.hasOwn(source, '__proto__')) {
    Object.assign(target, source);
    return;
  }
  for (const key of Reflect.ownKeys(source)) {
    if (!Object.prototype.propertyIsEnumerable.call(source, key)) continue;
    const value: unknown = (source as Record<PropertyKey, unknown>)[key];
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }
}
