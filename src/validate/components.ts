/**
 * Partial state: what one log line says about components of the model's
 * variables (a function's value at one argument, a record field, a
 * sequence's length, an element's presence), checked against model states.
 * Everything a line does not name stays free.
 *
 * @module
 */
import { mismatch } from "../runtime/index.js";
import { equals, fromItf, printValue, setElements, type Value } from "../values/index.js";

/** JSON objects of the log as values, converted once (null: not a TLA+ value as ITF reads it). */
const converted = new WeakMap<object, Value | null>();

/**
 * Whether a model value equals a JSON value of the log. The search asks this
 * for every successor of every step, so it compares interned hashes when it
 * can and walks the JSON (as {@link mismatch} does) only where a string of
 * the log may name a model value.
 */
function matches(x: Value, json: unknown): boolean {
  switch (typeof json) {
    case "string":
      return (x.kind === "string" && x.value === json) || (x.kind === "model" && x.name === json);
    case "number":
      return x.kind === "int" && x.value === json;
    case "boolean":
      return x.kind === "bool" && x.value === json;
    case "object": {
      if (json === null) return false;
      let v = converted.get(json);
      if (v === undefined) {
        try {
          v = fromItf(json);
        } catch {
          v = null;
        }
        converted.set(json, v);
      }
      if (v !== null && equals(x, v)) return true;
      return (v === null || hasModelValue(x)) && mismatch(x, json) === undefined;
    }
    default:
      return mismatch(x, json) === undefined;
  }
}

function hasModelValue(x: Value): boolean {
  switch (x.kind) {
    case "model":
      return true;
    case "set":
    case "seq":
      return x.elements.some(hasModelValue);
    case "record":
      return x.values.some(hasModelValue);
    case "function":
      return x.domain.some(hasModelValue) || x.values.some(hasModelValue);
    default:
      return false;
  }
}

/** What is asserted of the selected component; values are JSON from the log or the mapping. */
export type ComponentCheck =
  /** The component equals the value. */
  | { readonly kind: "value"; readonly value: unknown }
  /** Its length: a sequence's length, a set's cardinality, a function's domain size. */
  | { readonly kind: "length"; readonly value: unknown }
  /** The value is an element of the set or sequence (or a value of the function). */
  | { readonly kind: "contains"; readonly value: unknown }
  /** Every element of the set or sequence (every value of the function) equals the value. */
  | { readonly kind: "every"; readonly value: unknown }
  /** Its length after the step is greater than before (only on actions). */
  | { readonly kind: "grows" }
  /** It differs (true) or not (false) after the step (only on actions). */
  | { readonly kind: "changed"; readonly changed: boolean };

/** A component of a variable and what a log line says of it, its values resolved from the line. */
export interface Component {
  readonly variable: string;
  /** Applied in turn: a function's argument, a record's field name, a sequence's index (from 1). */
  readonly at: readonly unknown[];
  readonly check: ComponentCheck;
}

/** Whether a check compares the states before and after a step. */
export function comparesSteps(check: ComponentCheck): boolean {
  return check.kind === "grows" || check.kind === "changed";
}

/** `inbox[3]`, `tok.q`: the component as TLA+ writes it, for messages. */
export function describeComponent(c: Component): string {
  return c.variable + c.at.map((k) => (typeof k === "string" && /^[A-Za-z_]\w*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join("");
}

type Selected = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly problem: string };

/** The component of `v` at `at`, or why there is none. */
function select(v: Value, at: readonly unknown[]): Selected {
  let x = v;
  for (const key of at) {
    const next = apply(x, key);
    if (next === undefined) return { ok: false, problem: `${JSON.stringify(key)} is not in the domain of ${abbreviate(x)}` };
    x = next;
  }
  return { ok: true, value: x };
}

/** `f[key]` for a record, a sequence or a function with a JSON key; undefined outside the domain. */
function apply(f: Value, key: unknown): Value | undefined {
  switch (f.kind) {
    case "record": {
      const i = typeof key === "string" ? f.fields.indexOf(key) : -1;
      return i < 0 ? undefined : f.values[i];
    }
    case "seq":
      return Number.isSafeInteger(key) && (key as number) >= 1 ? f.elements[(key as number) - 1] : undefined;
    case "function": {
      const i = f.domain.findIndex((d) => matches(d, key));
      return i < 0 ? undefined : f.values[i];
    }
    default:
      return undefined;
  }
}

/** The elements of a set or sequence, or the values of a function; undefined for other values. */
function members(v: Value): readonly Value[] | undefined {
  switch (v.kind) {
    case "set":
    case "interval":
      return setElements(v);
    case "seq":
      return v.elements;
    case "record":
    case "function":
      return v.values;
    default:
      return undefined;
  }
}

function length(v: Value): number | undefined {
  return members(v)?.length;
}

/**
 * Why `state` (after the step from `before`; for a stutter or the initial
 * state, `before` is `state`) does not have what the component says, or
 * undefined when it does. `valueOf` reads a variable by name.
 */
export function componentWhyNot(c: Component, state: (variable: string) => Value | undefined, before: (variable: string) => Value | undefined): string | undefined {
  const whole = state(c.variable);
  if (whole === undefined) return `the log gives ${c.variable}, which the model does not have`;
  const name = describeComponent(c);
  const got = select(whole, c.at);
  if (!got.ok) return `${name}: ${got.problem}`;
  const x = got.value;
  const shown = (): string => abbreviate(x);
  switch (c.check.kind) {
    case "value":
      return matches(x, c.check.value) ? undefined : `${name} is ${shown()} in the model, the log says ${JSON.stringify(c.check.value)}`;
    case "length": {
      const n = length(x);
      return n === undefined ? `${name} is ${shown()}, which has no length` : n === c.check.value ? undefined : `${name} has length ${n} in the model, the log says ${JSON.stringify(c.check.value)}`;
    }
    case "contains": {
      const m = members(x);
      if (m === undefined) return `${name} is ${shown()}, which has no elements`;
      const wanted = c.check.value;
      return m.some((e) => matches(e, wanted)) ? undefined : `${name} is ${shown()} in the model, without the log's ${JSON.stringify(wanted)}`;
    }
    case "every": {
      const m = members(x);
      if (m === undefined) return `${name} is ${shown()}, which has no elements`;
      const wanted = c.check.value;
      return m.every((e) => matches(e, wanted)) ? undefined : `${name} is ${shown()} in the model, not all ${JSON.stringify(wanted)} as the log says`;
    }
    case "grows":
    case "changed": {
      const w0 = before(c.variable);
      const was = w0 === undefined ? undefined : select(w0, c.at);
      if (was === undefined || !was.ok) return `${name} is not defined before the step`;
      if (c.check.kind === "changed") {
        const changed = !equals(was.value, x);
        return changed === c.check.changed ? undefined : `${name} is ${changed ? "changed" : "unchanged"} by the step in the model (${abbreviate(was.value)} -> ${shown()}), the log says it is ${c.check.changed ? "changed" : "unchanged"}`;
      }
      const n0 = length(was.value);
      const n = length(x);
      if (n0 === undefined || n === undefined) return `${name} has no length`;
      return n > n0 ? undefined : `${name} does not grow in the model (length ${n0} -> ${n}), the log says it does`;
    }
  }
}

/** A value's text, cut short for messages (a whole inbox can be long). */
function abbreviate(v: Value): string {
  const s = printValue(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}
