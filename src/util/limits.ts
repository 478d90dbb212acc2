/**
 * Bounds on what an input may make tlabridge hold: the length of one line,
 * the bytes of a file (after decompression), the elements of one value and
 * how deeply values nest. Each has a default and a flag that raises it; a
 * refusal names both, so the user knows what to do.
 *
 * @module
 */
import { escapeControls, EXIT, InputError, TlabridgeError, type SourcePosition } from "../errors.js";

/** The bounds every reader of user input checks. */
export interface InputLimits {
  /** Longest line (or DOT statement, or wrapped plain-dump value) in bytes. */
  readonly maxLineBytes: number;
  /** Most bytes of one input file, counted after gzip decompression. */
  readonly maxInputBytes: number;
  /** Most elements of one value, counted through every level (set members, record fields, JSON items and keys). */
  readonly maxElements: number;
  /** Deepest nesting of one value (sets in sets, JSON arrays in objects). */
  readonly maxDepth: number;
}

/** The defaults: far above what TLC writes for models that fit in memory, far below what exhausts it. */
export const DEFAULT_LIMITS: InputLimits = {
  maxLineBytes: 16 * 1024 * 1024,
  maxInputBytes: 1024 * 1024 * 1024,
  maxElements: 200_000,
  maxDepth: 100,
};

/** The command-line flag that raises each limit. */
export const LIMIT_FLAGS: Readonly<Record<keyof InputLimits, string>> = {
  maxLineBytes: "--max-line-bytes",
  maxInputBytes: "--max-input-bytes",
  maxElements: "--max-elements",
  maxDepth: "--max-depth",
};

/** Error codes of the refusals, one per limit. */
export const LIMIT_CODES: Readonly<Record<keyof InputLimits, string>> = {
  maxLineBytes: "INPUT_LINE_TOO_LONG",
  maxInputBytes: "INPUT_TOO_LARGE",
  maxElements: "INPUT_TOO_MANY_ELEMENTS",
  maxDepth: "INPUT_TOO_DEEP",
};

let current: InputLimits = DEFAULT_LIMITS;

/** The limits in force: the defaults, or what the running command's flags set. */
export function inputLimits(): InputLimits {
  return current;
}

/**
 * Sets the limits in force for the rest of the command (the CLI calls this
 * before each command runs, with the defaults for every flag not given), so
 * that readers deep inside other stages see the user's flags too.
 */
export function setInputLimits(limits: Partial<InputLimits> = {}): void {
  current = { ...DEFAULT_LIMITS, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
}

/** The limits given, with the ones in force for the rest. */
export function limitsWith(limits: Partial<InputLimits> | undefined): InputLimits {
  return limits === undefined ? current : { ...current, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
}

/** `16777216` → `16 MiB`; other numbers with thousands separators. */
export function formatLimit(kind: keyof InputLimits, n: number): string {
  if (kind === "maxLineBytes" || kind === "maxInputBytes") {
    for (const [unit, size] of [["GiB", 1 << 30], ["MiB", 1 << 20], ["KiB", 1 << 10]] as const) {
      if (n >= size && n % size === 0) return `${n / size} ${unit}`;
    }
    return `${n.toLocaleString("en-US")} bytes`;
  }
  return n.toLocaleString("en-US");
}

const WHAT: Readonly<Record<keyof InputLimits, (limit: string) => string>> = {
  maxLineBytes: (l) => `a line longer than ${l}`,
  maxInputBytes: (l) => `more than ${l} of input`,
  maxElements: (l) => `a value with more than ${l} elements`,
  maxDepth: (l) => `a value nested more than ${l} levels deep`,
};

/**
 * The refusal of an input past a limit: `file:line:col: found <what>: raise
 * it with <flag> <n>` (exit 2), or without a position when there is none.
 */
export function limitError(kind: keyof InputLimits, where: SourcePosition | string, limit: number = current[kind], detail = ""): TlabridgeError {
  const problem = `found ${WHAT[kind](formatLimit(kind, limit))}${detail}: raise the limit with ${LIMIT_FLAGS[kind]} <n> if the input is meant to be this large`;
  if (typeof where === "string") return new TlabridgeError(LIMIT_CODES[kind], `${where}: ${problem}.`, EXIT.badInput);
  return new InputError(LIMIT_CODES[kind], where, problem);
}

/** A value past a limit, at `offset` of the text checked (the reader turns it into a position). */
export class ShapeLimitError extends Error {
  override readonly name = "ShapeLimitError";
  constructor(
    /** Which limit. */
    readonly kind: "maxElements" | "maxDepth",
    /** Offset (UTF-16 code units) of the element or opening bracket past the limit. */
    readonly offset: number,
    /** The limit that was in force. */
    readonly limit: number,
  ) {
    super(`${kind} exceeded at offset ${offset}`);
  }
}

/**
 * Checks one JSON text (a document or an NDJSON line) against the element
 * and depth limits before it is parsed: one pass over the characters, so
 * that neither `JSON.parse` nor the recursive readers after it see a value
 * that would exhaust the heap or the stack. Syntax is left to the parser.
 * Throws {@link ShapeLimitError}.
 */
export function checkJsonShape(text: string, limits: InputLimits = current): void {
  const { maxElements, maxDepth } = limits;
  // Most lines cannot pass a limit: fewer characters than elements allowed, fewer brackets than levels.
  if (text.length <= maxElements && fewerThan(text, 0x5b, 0x7b, maxDepth)) return;
  let depth = 0;
  let elements = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) throw new ShapeLimitError("maxDepth", i, maxDepth);
      if (++elements > maxElements) throw new ShapeLimitError("maxElements", i, maxElements);
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    }
    else if (c === 0x2c) {
      if (++elements > maxElements) throw new ShapeLimitError("maxElements", i, maxElements);
    }
  }
}

/** Whether `text` holds at most `max` of the two characters together (found by native scans). */
function fewerThan(text: string, a: number, b: number, max: number): boolean {
  let n = 0;
  for (const c of [String.fromCharCode(a), String.fromCharCode(b)]) {
    for (let i = text.indexOf(c); i >= 0; i = text.indexOf(c, i + 1)) if (++n > max) return false;
  }
  return true;
}

/**
 * Checks a TLA+ value as TLC prints it (`{<<1, "a">>, [f |-> 2]}`) against
 * the element and depth limits before it is parsed, in one pass: brackets
 * `{`, `<<`, `[`, `(` open a level, commas and openings count elements,
 * strings are skipped. Throws {@link ShapeLimitError}.
 */
export function checkValueShape(text: string, limits: InputLimits = current): void {
  const { maxElements, maxDepth } = limits;
  let depth = 0;
  let elements = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28 || (c === 0x3c && text.charCodeAt(i + 1) === 0x3c)) {
      if (c === 0x3c) i++;
      if (++depth > maxDepth) throw new ShapeLimitError("maxDepth", i, maxDepth);
      if (++elements > maxElements) throw new ShapeLimitError("maxElements", i, maxElements);
    } else if (c === 0x7d || c === 0x5d || c === 0x29 || (c === 0x3e && text.charCodeAt(i + 1) === 0x3e)) {
      if (c === 0x3e) i++;
      if (depth > 0) depth--;
    } else if (c === 0x2c) {
      if (++elements > maxElements) throw new ShapeLimitError("maxElements", i, maxElements);
    }
  }
}

/** 1-based line and column (UTF-16 code units) of `offset` in `text`. */
export function positionInText(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Input text as a message shows it: on one line (control characters, line
 * and paragraph separators escaped as in JSON), and at most `max` characters.
 */
export function shown(text: string, max = 40): string {
  const cut = [...text.slice(0, max * 2)];
  const head = cut.length > max ? cut.slice(0, max).join("") + "..." : cut.join("");
  // A BOM shown raw reads as nothing at all.
  return escapeControls(head).replace(/\ufeff/g, "\\ufeff");
}
