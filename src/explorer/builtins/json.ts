/**
 * Json (the standard module and CommunityModules' override of it): values as
 * JSON text the way TLC's Java override (Gson) writes them, and JSON files
 * read into values.
 *
 * One difference cannot be helped: TLC writes a function with domain 1..n
 * that was not built as a tuple (`[i \in 1..2 |-> 0]`) as an object, while
 * here every such function is a sequence and becomes an array.
 *
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { TRUE, bool, compareValues, int, printValue, record, seq, str, type Value } from "../../values/index.js";
import type { BuiltinHost, BuiltinModule } from "./types.js";
import { ModuleBuilder, entriesOf, tlcString, type Args } from "./util.js";

/** A JSON string literal as Gson writes it (no HTML escaping; U+2028/2029 escaped). */
export function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c === 0x2028 || c === 0x2029) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

function keyText(k: Value): string {
  return k.kind === "string" ? k.value : tlcString(k);
}

/** A set's elements in TLC's normalized order (its override normalizes sets before writing them). */
function normalized(v: Value, host: BuiltinHost): Value[] {
  return [...host.elements(v)].sort(compareValues);
}

function object(keys: readonly string[], values: readonly Value[], host: BuiltinHost): string {
  return "{" + keys.map((k, i) => `${jsonString(k)}:${toJson(values[i]!, host)}`).join(",") + "}";
}

function array(values: readonly Value[], host: BuiltinHost): string {
  return "[" + values.map((v) => toJson(v, host)).join(",") + "]";
}

/** A value as JSON: records and functions become objects, sequences and sets arrays, model values strings. */
export function toJson(v: Value, host: BuiltinHost): string {
  switch (v.kind) {
    case "bool":
      return v.value ? "true" : "false";
    case "int":
      return String(v.value);
    case "string":
      return jsonString(v.value);
    case "model":
      return jsonString(v.name);
    case "seq":
      return array(v.elements, host);
    case "record":
      return object(v.fields, v.values, host);
    case "function": {
      const order = v.domain.map((_, i) => i).sort((i, j) => compareValues(v.domain[i]!, v.domain[j]!));
      return object(
        order.map((i) => keyText(v.domain[i]!)),
        order.map((i) => v.values[i]!),
        host,
      );
    }
    case "set":
    case "interval":
      return array(normalized(v, host), host);
  }
}

function toJsonArray(a: Args): string {
  const v = a.value(0);
  if (v.kind === "seq") return array(v.elements, a.host);
  if (v.kind === "function") return toJson(v, a.host);
  if (a.host.isSet(v)) return array(normalized(v, a.host), a.host);
  return a.host.fail(`Cannot convert value to a JSON array: ${printValue(v)}`);
}

function toJsonObject(a: Args): string {
  const v = a.value(0);
  if (v.kind === "seq") {
    // TLC's override numbers a tuple's entries from 0 here.
    return object(
      v.elements.map((_, i) => String(i)),
      v.elements,
      a.host,
    );
  }
  const e = entriesOf(v);
  if (e === undefined) return a.host.fail(`Cannot convert value to a JSON object: ${printValue(v)}`);
  return object(e.keys.map(keyText), e.values, a.host);
}

/** A parsed JSON value as TLC reads it: arrays are tuples, objects records. */
export function fromJson(j: unknown, host: BuiltinHost): Value {
  if (typeof j === "boolean") return bool(j);
  if (typeof j === "number") return Number.isSafeInteger(j) ? int(j) : host.fail(`JSON number ${j} is not an integer TLC can represent`);
  if (typeof j === "string") return str(j);
  if (Array.isArray(j)) return seq(j.map((x) => fromJson(x, host)));
  if (j !== null && typeof j === "object") {
    const names = Object.keys(j);
    return record(
      names,
      names.map((n) => fromJson((j as Record<string, unknown>)[n], host)),
    );
  }
  return host.fail("JSON null has no TLA+ value");
}

function readText(a: Args, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    return a.host.fail(`${a.op} cannot read ${file}: ${(err as Error).message}`);
  }
}

function writeText(a: Args, file: string, text: string): Value {
  try {
    writeFileSync(file, text);
  } catch (err) {
    return a.host.fail(`${a.op} cannot write ${file}: ${(err as Error).message}`);
  }
  return TRUE;
}

function parse(a: Args, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return a.host.fail(`${a.op}: invalid JSON: ${(err as Error).message}`);
  }
}

/** Json. */
export const JSON_MODULE: BuiltinModule = new ModuleBuilder()
  .def("ToJson", 1, (a) => str(toJson(a.value(0), a.host)))
  .def("ToJsonArray", 1, (a) => str(toJsonArray(a)))
  .def("ToJsonObject", 1, (a) => str(toJsonObject(a)))
  .def("JsonSerialize", 2, (a) => {
    const v = a.value(1);
    const text = v.kind === "seq" ? "[" + v.elements.map((x) => toJson(x, a.host)).join(",") + "]" : toJson(v, a.host);
    return writeText(a, a.string(0), text + "\n");
  })
  .def("JsonDeserialize", 1, (a) => fromJson(parse(a, readText(a, a.string(0))), a.host))
  .def("ndJsonSerialize", 2, (a) => {
    const v = a.value(1);
    if (v.kind !== "seq") return a.wrong(1, "sequence");
    return writeText(a, a.string(0), v.elements.map((x) => toJson(x, a.host) + "\n").join(""));
  })
  .def("ndJsonDeserialize", 1, (a) =>
    seq(
      readText(a, a.string(0))
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => fromJson(parse(a, l), a.host)),
    ),
  )
  .build();
