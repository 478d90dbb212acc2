/**
 * Objects keyed by model text (action, variable, parameter and host names):
 * a name such as `__proto__`, `constructor` or `toString` must be an own
 * property like any other, never Object's prototype or one of its members.
 *
 * @module
 */

/** Sets `key` as an own, enumerable property (plain assignment of `__proto__` would set the prototype instead). */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  // Only __proto__ assigns to something other than an own property; the plain assignment is the fast path.
  if (key === "__proto__") Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** The own property `key` of `source`, never an inherited one (`constructor`, `toString`…). */
export function getOwn<T>(source: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(source, key) ? source[key] : undefined;
}
