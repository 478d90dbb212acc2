import type { Value } from "./value.js";

const STRING_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
};

/** A string literal as TLC prints it: quoted, with `\" \\ \t \n \f \r` escaped. */
export function printString(s: string): string {
  return '"' + s.replace(/["\\\t\n\f\r]/g, (c) => STRING_ESCAPES[c]!) + '"';
}

/**
 * A value in TLC's syntax, on one line: `[a |-> 1]`, `(p1 :> 0 @@ p2 :> 1)`,
 * `<<1, 2>>`, `{p1, p2}`, `1..3`, `"s"`, `NULL`. Sets, records and functions
 * print in the order they were built, so a value parsed from TLC's output
 * prints as TLC printed it (TLC's 80-column wrapping aside).
 */
export function printValue(v: Value): string {
  switch (v.kind) {
    case "bool":
      return v.value ? "TRUE" : "FALSE";
    case "int":
      return String(v.value);
    case "string":
      return printString(v.value);
    case "model":
      return v.name;
    case "set":
      return "{" + v.elements.map(printValue).join(", ") + "}";
    case "interval":
      return `${v.low}..${v.high}`;
    case "seq":
      return "<<" + v.elements.map(printValue).join(", ") + ">>";
    case "record":
      return "[" + v.fields.map((f, i) => `${f} |-> ${printValue(v.values[i]!)}`).join(", ") + "]";
    case "function":
      return "(" + v.domain.map((k, i) => `${printValue(k)} :> ${printValue(v.values[i]!)}`).join(" @@ ") + ")";
  }
}

/**
 * A state as TLC prints it: one `/\ name = value` line per variable, or
 * `name = value` when there is only one.
 */
export function printState(variables: Iterable<readonly [string, Value]>): string {
  const lines = [...variables].map(([name, value]) => `${name} = ${printValue(value)}`);
  return lines.length === 1 ? lines[0]! : lines.map((l) => "/\\ " + l).join("\n");
}

/** An action as TLC labels a DOT edge: `Name` or `Name(v1,v2)`. */
export function printActionLabel(name: string, args: readonly Value[]): string {
  return args.length === 0 ? name : `${name}(${args.map(printValue).join(",")})`;
}
