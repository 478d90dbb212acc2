/**
 * A small JSON reader that remembers where each value and key starts, so
 * that a schema error in a hand-written file (a mapping) can name its line
 * and column, which `JSON.parse` cannot.
 *
 * @module
 */

/** A 1-based line and column. */
export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

/** The outcome of {@link parseJsonWithPositions}. */
export type JsonParse =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** Where each value starts, by {@link jsonPath} (`$`, `$.events[2].when`). */
      readonly values: ReadonlyMap<string, JsonPosition>;
      /** Where each object key starts, by the path of its value. */
      readonly keys: ReadonlyMap<string, JsonPosition>;
    }
  | { readonly ok: false; readonly position: JsonPosition; readonly problem: string };

/** The path of a child: `$.a.b[3]`; keys that are not identifiers are quoted (`$["a.b"]`). */
export function jsonPath(parent: string, child: string | number): string {
  if (typeof child === "number") return `${parent}[${child}]`;
  return /^[A-Za-z_$][\w$]*$/.test(child) ? `${parent}.${child}` : `${parent}[${JSON.stringify(child)}]`;
}

class Syntax extends Error {
  constructor(
    readonly at: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/** Parses JSON text as `JSON.parse` does, also recording the positions of values and keys. */
export function parseJsonWithPositions(text: string): JsonParse {
  // Line starts, to turn offsets into line:column at the end (only for the positions asked).
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const positionOf = (offset: number): JsonPosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
  const valueOffsets = new Map<string, number>();
  const keyOffsets = new Map<string, number>();
  let i = 0;
  const space = (): void => {
    while (i < text.length && /[ \t\r\n]/.test(text[i]!)) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) throw new Syntax(start, "a string is not closed");
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new Syntax(start, "a string has a bad escape or a control character");
    }
  };
  let depth = 0;
  const value = (path: string): unknown => {
    space();
    // Callers bound the depth first (checkJsonShape); this guard keeps the recursion safe on its own.
    if (depth > 1000) throw new Syntax(i, "values are nested too deeply");
    valueOffsets.set(path, i);
    const c = text[i];
    if (c === "{" || c === "[") {
      depth++;
      try {
        return c === "{" ? object(path) : array(path);
      } finally {
        depth--;
      }
    }
    return scalar(c);
  };
  const object = (path: string): unknown => {
    i++;
    const out: Record<string, unknown> = {};
    space();
    if (text[i] === "}") {
      i++;
      return out;
    }
    for (;;) {
      space();
      if (text[i] !== '"') throw new Syntax(i, "expected a key in double quotes");
      const keyAt = i;
      const key = string();
      space();
      if (text[i] !== ":") throw new Syntax(i, `expected ':' after the key "${key}"`);
      i++;
      const child = jsonPath(path, key);
      keyOffsets.set(child, keyAt);
      // An own field even for "__proto__" (assignment would set the prototype instead), as JSON.parse does.
      Object.defineProperty(out, key, { value: value(child), enumerable: true, writable: true, configurable: true });
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return out;
      }
      throw new Syntax(i, "expected ',' or '}' in an object");
    }
  };
  const array = (path: string): unknown => {
    i++;
    const out: unknown[] = [];
    space();
    if (text[i] === "]") {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(jsonPath(path, out.length)));
      space();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return out;
      }
      throw new Syntax(i, "expected ',' or ']' in an array");
    }
  };
  const scalar = (c: string | undefined): unknown => {
    if (c === '"') return string();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw new Syntax(i, i >= text.length ? "the text ends where a value was expected" : "expected a JSON value");
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  try {
    const result = value("$");
    space();
    if (i < text.length) throw new Syntax(i, "unexpected text after the JSON value");
    const convert = (m: Map<string, number>): Map<string, JsonPosition> => new Map([...m].map(([k, o]) => [k, positionOf(o)]));
    return { ok: true, value: result, values: convert(valueOffsets), keys: convert(keyOffsets) };
  } catch (e) {
    if (e instanceof Syntax) return { ok: false, position: positionOf(e.at), problem: e.problem };
    throw e;
  }
}
