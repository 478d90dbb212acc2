/**
 * The standard and community modules the explorer implements natively, as
 * TLC overrides them in Java: a spec that EXTENDS one needs no file for it.
 *
 * @module
 */
import type { BuiltinModule, BuiltinOperator } from "./types.js";

export type { BuiltinHost, BuiltinModule, BuiltinOperator, OperatorArgument } from "./types.js";

/** Every natively implemented module, by module name. */
export const BUILTIN_MODULES: ReadonlyMap<string, BuiltinModule> = new Map<string, BuiltinModule>([]);

/** The operators of the given built-in modules (later modules win on a clash), by name. */
export function builtinOperators(modules: Iterable<string>): ReadonlyMap<string, BuiltinOperator> {
  const out = new Map<string, BuiltinOperator>();
  for (const m of modules) for (const [name, op] of BUILTIN_MODULES.get(m) ?? []) out.set(name, op);
  return out;
}
