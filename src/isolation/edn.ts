/**
 * A small, exact reader of EDN (extensible data notation) for what Jepsen's
 * `history.edn` holds: maps, vectors, lists, sets, keywords, symbols,
 * strings, characters, integers (exact, of any size), floats, `nil`, `true`
 * and `false`, comments (`;` and `#_`), commas as whitespace, and tagged
 * literals (`#inst "..."`, `#jepsen.history.Op{...}`), kept with their tag.
 * Also the value model JSON histories are read into, so one reader of
 * histories serves both.
 *
 * @module
 */
import { InputError } from "../errors.js";
import { inputLimits, limitError } from "../util/limits.js";

/** A value read from EDN or JSON, with the offset in the text where it starts. */
export type Datum =
  | { readonly kind: "nil"; readonly at: number }
  | { readonly kind: "boolean"; readonly value: boolean; readonly at: number }
  /** Exact: a number when it is a safe integer, a bigint past 2^53. */
  | { readonly kind: "integer"; readonly value: number | bigint; readonly at: number }
  | { readonly kind: "float"; readonly value: number; readonly at: number }
  | { readonly kind: "string"; readonly value: string; readonly at: number }
  | { readonly kind: "char"; readonly value: string; readonly at: number }
  /** `:txn` is the keyword "txn" (without its colon). */
  | { readonly kind: "keyword"; readonly value: string; readonly at: number }
  | { readonly kind: "symbol"; readonly value: string; readonly at: number }
  /** EDN vectors and JSON arrays. */
  | { readonly kind: "vector"; readonly items: readonly Datum[]; readonly at: number }
  | { readonly kind: "list"; readonly items: readonly Datum[]; readonly at: number }
  | { readonly kind: "set"; readonly items: readonly Datum[]; readonly at: number }
  /** EDN maps and JSON objects (whose keys are strings), entries in text order. */
  | { readonly kind: "map"; readonly entries: readonly (readonly [Datum, Datum])[]; readonly at: number }
  | { readonly kind: "tagged"; readonly tag: string; readonly value: Datum; readonly at: number };

/** 1-based line and column (in code points) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++, (start = i + 1);
  let column = 1;
  for (let i = start; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) i++;
    column++;
  }
  return { line, column };
}

/** Whether a text looks like EDN rather than JSON: its first form is a map with a keyword key (`{:type ...`), or a vector of them. */
export function looksLikeEdn(text: string): boolean {
  return /^\s*(?:;[^\n]*\n\s*)*(?:\[\s*)?(?:#[\w.]+\s*)?\{\s*:/.test(text.slice(0, 4096));
}

const DELIMITERS = new Set([..." \t\r\n,()[]{}\"';"]);
const WHITESPACE = new Set([..." \t\r\n,"]);
const CHAR_NAMES: Readonly<Record<string, string>> = { newline: "\n", space: " ", tab: "\t", return: "\r", backspace: "\b", formfeed: "\f" };

/**
 * Reads the top-level forms of an EDN text. A syntax error raises an
 * {@link InputError} `HISTORY_SYNTAX` with file:line:col.
 */
export function readEdn(text: string, file = "<history.edn>"): Datum[] {
  return [...ednForms(text, file)];
}

/** The top-level forms of an EDN text one at a time (see {@link readEdn}), so a long history's forms need not all be held. */
export function* ednForms(text: string, file = "<history.edn>"): Generator<Datum, void, undefined> {
  let i = 0;
  const fail = (at: number, problem: string): never => {
    throw new InputError("HISTORY_SYNTAX", { file, ...lineColumn(text, at) }, `expected an EDN history (${problem})`);
  };
  const skip = (): void => {
    for (;;) {
      while (i < text.length && WHITESPACE.has(text[i]!)) i++;
      if (text[i] === ";") {
        const nl = text.indexOf("\n", i);
        i = nl === -1 ? text.length : nl + 1;
      } else if (text[i] === "#" && text[i + 1] === "_") {
        i += 2;
        form();
      } else return;
    }
  };
  const token = (): string => {
    const start = i;
    while (i < text.length && !DELIMITERS.has(text[i]!)) i++;
    return text.slice(start, i);
  };
  // Nesting is bounded (--max-depth): a deep enough value would exhaust the stack of this recursive reader.
  const maxDepth = inputLimits().maxDepth;
  let depth = 0;
  const sequence = (close: string, open: number): Datum[] => {
    if (++depth > maxDepth) throw limitError("maxDepth", { file, ...lineColumn(text, open) });
    const items: Datum[] = [];
    for (;;) {
      skip();
      if (i >= text.length) fail(open, `the ${text[open] === "#" ? "#{" : text[open]} opened here is never closed by ${close}`);
      if (text[i] === close) {
        i++;
        depth--;
        return items;
      }
      if (")]}".includes(text[i]!)) fail(i, `expected ${close}, not ${text[i]}`);
      items.push(form());
    }
  };
  const string = (at: number): string => {
    let out = "";
    i++;
    for (;;) {
      const end = text.slice(i).search(/["\\]/);
      if (end === -1) return fail(at, "a string that is never closed");
      out += text.slice(i, i + end);
      i += end;
      if (text[i] === '"') {
        i++;
        return out;
      }
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };
      if (e !== undefined && e in simple) (out += simple[e]), (i += 2);
      else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) (out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16))), (i += 6);
      else fail(i, `an unknown escape \\${e ?? ""} in a string`);
    }
  };
  const atom = (at: number): Datum => {
    const t = token();
    if (t === "") fail(at, `unexpected ${JSON.stringify(text[at])}`);
    if (t === "nil") return { kind: "nil", at };
    if (t === "true" || t === "false") return { kind: "boolean", value: t === "true", at };
    const int = /^([+-]?)(\d+)N?$/.exec(t);
    if (int) {
      if (int[2]!.length > 1 && int[2]![0] === "0") fail(at, `an integer with a leading zero, ${t}`);
      return { kind: "integer", value: exactInteger(int[1]! + int[2]!), at };
    }
    if (/^[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?M?$/.test(t)) return { kind: "float", value: Number(t.replace(/M$/, "")), at };
    if (/^[+-]?\d/.test(t)) fail(at, `a number EDN does not have, ${t}`);
    if (t.startsWith("::")) fail(at, `an auto-resolved keyword ${t}, which needs a namespace`);
    if (t.startsWith(":")) {
      if (t.length === 1) fail(at, "a keyword without a name");
      return { kind: "keyword", value: t.slice(1), at };
    }
    return { kind: "symbol", value: t, at };
  };
  function form(): Datum {
    skip();
    const at = i;
    const c = text[i];
    if (c === undefined) return fail(at, "a value, not the end of the text");
    if (c === "{") {
      i++;
      const items = sequence("}", at);
      if (items.length % 2 === 1) fail(items[items.length - 1]!.at, "a map with a key but no value");
      const entries: [Datum, Datum][] = [];
      for (let k = 0; k < items.length; k += 2) entries.push([items[k]!, items[k + 1]!]);
      return { kind: "map", entries, at };
    }
    if (c === "[") return i++, { kind: "vector", items: sequence("]", at), at };
    if (c === "(") return i++, { kind: "list", items: sequence(")", at), at };
    if (c === '"') return { kind: "string", value: string(at), at };
    if (c === "\\") {
      i++;
      const first = text[i];
      if (first === undefined) return fail(at, "a character after \\");
      i++;
      const rest = token();
      const name = first + rest;
      if (name.length === 1 || (name.length === 2 && first.charCodeAt(0) >= 0xd800)) return { kind: "char", value: name, at };
      if (name in CHAR_NAMES) return { kind: "char", value: CHAR_NAMES[name]!, at };
      if (/^u[0-9a-fA-F]{4}$/.test(name)) return { kind: "char", value: String.fromCharCode(parseInt(name.slice(1), 16)), at };
      return fail(at, `an unknown character \\${name}`);
    }
    if (c === "#") {
      const next = text[i + 1];
      if (next === "{") {
        i += 2;
        return { kind: "set", items: sequence("}", at), at };
      }
      if (next === "#") {
        i += 2;
        const t = token();
        const value = t === "Inf" ? Infinity : t === "-Inf" ? -Infinity : t === "NaN" ? NaN : fail(at, `an unknown symbolic value ##${t}`);
        return { kind: "float", value, at };
      }
      i++;
      const tag = token();
      if (!/^[A-Za-z][\w.*+!?$%&=<>/-]*$/.test(tag)) fail(at, `a tag after #, not ${JSON.stringify(text.slice(at, at + 2))}`);
      if (++depth > maxDepth) throw limitError("maxDepth", { file, ...lineColumn(text, at) });
      const value = form();
      depth--;
      return { kind: "tagged", tag, value, at };
    }
    if (")]}".includes(c)) return fail(at, `unexpected ${c}`);
    return atom(at);
  }
  for (;;) {
    skip();
    if (i >= text.length) return;
    yield form();
  }
}

/** A decimal integer, exactly: a number when safe, a bigint past 2^53. */
export function exactInteger(digits: string): number | bigint {
  if (digits.length < 16) return Number(digits);
  const n = BigInt(digits);
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** The value of a map's entry whose key is the string or keyword `name`. */
export function mapGet(map: Datum & { kind: "map" }, name: string): Datum | undefined {
  for (const [k, v] of map.entries) if ((k.kind === "string" || k.kind === "keyword") && k.value === name) return v;
  return undefined;
}

/** A map, or the map inside a tagged literal (`#jepsen.history.Op{...}`). */
export function asMap(d: Datum | undefined): (Datum & { kind: "map" }) | undefined {
  if (d?.kind === "map") return d;
  if (d?.kind === "tagged" && d.value.kind === "map") return d.value;
  return undefined;
}

/** The name of a string, keyword or symbol (`"txn"`, `:txn`). */
export function nameOf(d: Datum | undefined): string | undefined {
  return d && (d.kind === "string" || d.kind === "keyword" || d.kind === "symbol") ? d.value : undefined;
}

/** A datum written back as EDN-ish text, for messages (`[:append 5 1]`, `"x"`, `nil`). */
export function showDatum(d: Datum, json = false): string {
  switch (d.kind) {
    case "nil":
      return json ? "null" : "nil";
    case "boolean":
    case "integer":
    case "float":
      return String(d.value);
    case "string":
      return JSON.stringify(d.value);
    case "char":
      return `\\${d.value}`;
    case "keyword":
      return json ? JSON.stringify(d.value) : `:${d.value}`;
    case "symbol":
      return d.value;
    case "vector":
      return json ? `[${d.items.map((x) => showDatum(x, json)).join(", ")}]` : `[${d.items.map((x) => showDatum(x)).join(" ")}]`;
    case "list":
      return `(${d.items.map((x) => showDatum(x, json)).join(" ")})`;
    case "set":
      return `#{${d.items.map((x) => showDatum(x, json)).join(" ")}}`;
    case "map":
      return json ? `{${d.entries.map(([k, v]) => `${showDatum(k, json)}: ${showDatum(v, json)}`).join(", ")}}` : `{${d.entries.map(([k, v]) => `${showDatum(k)} ${showDatum(v)}`).join(", ")}}`;
    case "tagged":
      return `#${d.tag} ${showDatum(d.value, json)}`;
  }
}
