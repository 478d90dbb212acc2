import { InputError } from "../errors.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { parseActionLabel, ValueSyntaxError } from "../values/index.js";
import { columnAt, type LineConsumer } from "./lines.js";
import { IntList } from "../util/int-list.js";
import { FingerprintTable } from "./fingerprints.js";
import { StateDecoder } from "./states.js";
import { checkValueShape, inputLimits, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const SEMI = 0x3b;
const COMMA = 0x2c;
const EQUALS = 0x3d;
const MINUS = 0x2d;
const GT = 0x3e;
const NEWLINE = 0x0a;

/** A raw newline may appear in an edge label only once (`constrained`); allow a few. */
const MAX_LINES_PER_STATEMENT = 16;

const ENTRY_SEPARATOR = "\\n/\\\\ "; // `\n/\\ ` as it appears in a DOT label
const FIRST_ENTRY_PREFIX = "/\\\\ ";

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isIdentStart(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f);
}

function isIdentChar(c: number | undefined): boolean {
  return isIdentStart(c) || isDigit(c);
}

function bytesEqual(buf: Buffer, start: number, end: number, ascii: string): boolean {
  if (end - start !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (buf[start + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** A DOT escape other than `\\`, `\"` or `\n`, at `index` of the raw text. */
class DotEscapeError extends Error {
  constructor(readonly index: number) {
    super("bad escape");
  }
}

/** Undoes DOT's escapes in a label: `\\` → `\`, `\"` → `"`, `\n` → newline. */
export function unescapeDot(raw: string): string {
  if (raw.indexOf("\\") < 0) return raw;
  let out = "";
  let from = 0;
  for (let i = raw.indexOf("\\"); i >= 0; i = raw.indexOf("\\", from)) {
    const c = raw[i + 1];
    out += raw.slice(from, i) + (c === "n" ? "\n" : c === "\\" || c === '"' ? c : "");
    if (c !== "n" && c !== "\\" && c !== '"') throw new DotEscapeError(i);
    from = i + 2;
  }
  return out + raw.slice(from);
}

/** Index in raw (escaped) text of the character at 1-based line/column of its unescaped text. */
function rawIndexOf(raw: string, line: number, column: number): number {
  let l = 1;
  let c = 1;
  let i = 0;
  while (i < raw.length && (l < line || (l === line && c < column))) {
    if (raw[i] === "\\") {
      if (raw[i + 1] === "n") {
        l++;
        c = 1;
      } else c++;
      i += 2;
    } else {
      c++;
      i += raw.codePointAt(i)! > 0xffff ? 2 : 1;
    }
  }
  return Math.min(i, raw.length);
}

/** Splits a DOT state label into its raw `var = value` entries with their offsets. */
function splitEntries(label: string, keys: string[], offsets: number[]): void {
  keys.length = 0;
  offsets.length = 0;
  let start = label.startsWith(FIRST_ENTRY_PREFIX) ? FIRST_ENTRY_PREFIX.length : 0;
  let from = start;
  for (;;) {
    let at = label.indexOf(ENTRY_SEPARATOR, from);
    // The separator's backslash must start an escape, not end one (`\\n` is a
    // literal backslash and n inside a string value).
    while (at >= 0) {
      let slashes = 0;
      for (let j = at - 1; j >= 0 && label[j] === "\\"; j--) slashes++;
      if (slashes % 2 === 0) break;
      at = label.indexOf(ENTRY_SEPARATOR, at + 1);
    }
    if (at < 0) break;
    keys.push(label.slice(start, at));
    offsets.push(start);
    start = at + ENTRY_SEPARATOR.length;
    from = start;
  }
  keys.push(label.slice(start));
  offsets.push(start);
}

/** Two independent 32-bit hashes of a state's value ids and flags: equal declarations hash equal, different ones (almost surely) not. */
function stateHash(values: Int32Array, initial: boolean, outside: boolean): [number, number] {
  let h1 = 0x811c9dc5 ^ (initial ? 1 : 0) ^ (outside ? 2 : 0);
  let h2 = 0x9e3779b9 ^ values.length;
  for (let i = 0; i < values.length; i++) {
    h1 = Math.imul(h1 ^ values[i]!, 0x01000193);
    h2 = Math.imul(h2 + values[i]! + i, 0x85ebca6b) ^ (h2 >>> 13);
  }
  return [h1 | 0, h2 | 0];
}

interface Attributes {
  labelStart: number;
  labelEnd: number;
  tooltipStart: number;
  tooltipEnd: number;
  filled: boolean;
  dashed: boolean;
  lightyellow: boolean;
}

/** Result of scanning a statement that ends inside a quoted string. */
const INCOMPLETE = -2;

/**
 * Reads TLC's `-dump dot[,actionlabels,colorize,constrained,stuttering]`
 * output, one line at a time, into a {@link StateGraph}. Parallel transitions
 * and self-loops are kept (TLC's `strict` header notwithstanding); dashed
 * stuttering edges and the colorize legend are skipped.
 */
export class DotReader implements LineConsumer {
  private readonly builder = new StateGraphBuilder();
  private readonly decoder: StateDecoder;
  private readonly stateIds = new FingerprintTable();
  // Per declared state: where it was declared, and a 64-bit hash of its values and flags, to tell a different redeclaration.
  private readonly declaredLine = new IntList();
  private readonly declaredHashHigh = new IntList();
  private readonly declaredHashLow = new IntList();
  private readonly actionIds = new Map<string, number>();
  private readonly fingerprintText: string[] = [];
  private readonly firstRefLine = new IntList();
  private readonly firstRefColumn = new IntList();
  private readonly subgraphs: string[] = [];
  private depth = 0;
  private headerSeen = false;
  private closed = false;
  private aliasWarned = false;
  private lastLine = 0;
  private lastLineColumns = 1;
  // The statement being read: a line, or several joined when a quoted string spans lines.
  private buf: Buffer = Buffer.alloc(0);
  private segmentLines: number[] = [];
  private segmentOffsets: number[] = [];
  private pending: Buffer | null = null;
  private readonly keys: string[] = [];
  private readonly offsets: number[] = [];
  private readonly attrs: Attributes = {
    labelStart: -1,
    labelEnd: -1,
    tooltipStart: -1,
    tooltipEnd: -1,
    filled: false,
    dashed: false,
    lightyellow: false,
  };

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
    private readonly limits: InputLimits = inputLimits(),
  ) {
    this.decoder = new StateDecoder(this.builder, limits);
  }

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    this.lastLine = lineNo;
    this.lastLineColumns = end - start + 1;
    if (this.pending !== null) {
      // A statement spanning lines is bounded as one line is.
      if (this.pending.length + 1 + (end - start) > this.limits.maxLineBytes) {
        throw limitError("maxLineBytes", { file: this.file, line: this.segmentLines[0]!, column: 1 }, this.limits.maxLineBytes, " (a quoted string spanning lines)");
      }
      const joined = Buffer.concat([this.pending, Buffer.from([NEWLINE]), buf.subarray(start, end)]);
      this.segmentLines.push(lineNo);
      this.segmentOffsets.push(this.pending.length + 1);
      this.pending = null;
      this.buf = joined;
      this.statements(0, joined.length);
      return;
    }
    this.buf = buf;
    this.segmentLines.length = 0;
    this.segmentOffsets.length = 0;
    this.segmentLines.push(lineNo);
    this.segmentOffsets.push(start);
    this.statements(start, end);
  }

  /** Finishes reading: checks the graph is complete and builds it. */
  finish(): StateGraph {
    if (this.pending !== null) {
      const start = this.segmentOffsets[0]!;
      this.buf = this.pending;
      throw this.error("DUMP_TRUNCATED", start, "expected '\"' closing a quoted string, found the end of the file (is the dump truncated?)");
    }
    const eof = { file: this.file, line: Math.max(this.lastLine, 1), column: this.lastLineColumns };
    if (!this.headerSeen) throw new InputError("DUMP_EMPTY", eof, "expected 'strict digraph DiskGraph {', found an empty file");
    if (!this.closed) {
      throw new InputError("DUMP_TRUNCATED", eof, "expected '}' closing the graph, found the end of the file (is the dump truncated?)");
    }
    const missing = this.builder.firstUndefinedState();
    if (missing >= 0) {
      const fp = this.fingerprintText[missing];
      throw new InputError(
        "DUMP_UNDECLARED_STATE",
        { file: this.file, line: this.firstRefLine.get(missing), column: this.firstRefColumn.get(missing) },
        `expected a node statement for state ${fp}, which this edge leads to, but none follows (is the dump truncated or edited?)`,
      );
    }
    if (this.builder.stateCount === 0) throw new InputError("DUMP_NO_STATES", eof, "expected at least one state in the graph, found none");
    return this.builder.build();
  }

  // -------------------------------------------------------------------------
  // Positions and errors

  private position(at: number): { line: number; column: number } {
    let seg = this.segmentOffsets.length - 1;
    while (seg > 0 && this.segmentOffsets[seg]! > at) seg--;
    return { line: this.segmentLines[seg]!, column: columnAt(this.buf, this.segmentOffsets[seg]!, at) };
  }

  private error(code: string, at: number, problem: string): InputError {
    const { line, column } = this.position(at);
    return new InputError(code, { file: this.file, line, column }, problem);
  }

  private found(at: number, end: number): string {
    if (at >= end) return "the end of the line";
    const text = this.buf.toString("utf8", at, Math.min(end, at + 20));
    return `'${shown([...text].slice(0, 12).join(""), 12)}'`;
  }

  // -------------------------------------------------------------------------
  // Statements

  private skipWs(p: number, end: number): number {
    const buf = this.buf;
    while (p < end && (buf[p] === SPACE || buf[p] === TAB)) p++;
    return p;
  }

  private statements(start: number, end: number): void {
    let p = this.skipWs(start, end);
    while (p < end) {
      const stmtStart = p;
      const next = this.statement(p, end);
      if (next === INCOMPLETE) {
        if (this.segmentLines.length >= MAX_LINES_PER_STATEMENT) {
          throw this.error("DUMP_SYNTAX", stmtStart, "expected '\"' closing a quoted string before the end of the line");
        }
        // Keep the statement and read on: TLC writes a raw newline in edge labels with `constrained`.
        this.pending = Buffer.from(this.buf.subarray(stmtStart, end));
        const base = this.segmentOffsets.map((o) => o - stmtStart);
        this.segmentOffsets.length = 0;
        for (const o of base) this.segmentOffsets.push(Math.max(0, o));
        return;
      }
      p = this.skipWs(next, end);
      if (p < end && this.buf[p] === SEMI) p = this.skipWs(p + 1, end);
    }
  }

  private statement(p: number, end: number): number {
    const buf = this.buf;
    const c = buf[p]!;
    if (!this.headerSeen) return this.header(p, end);
    if (this.closed) throw this.error("DUMP_SYNTAX", p, `expected the end of the file after the graph's closing '}', found ${this.found(p, end)}`);
    if (c === RBRACE) {
      this.depth--;
      this.subgraphs.pop();
      if (this.depth === 0) this.closed = true;
      return p + 1;
    }
    if (c === LBRACE) {
      // `{rank = same; id;id;...}`: layout only.
      const close = buf.indexOf(RBRACE, p);
      if (close < 0 || close >= end) throw this.error("DUMP_SYNTAX", end, "expected '}' closing the rank statement");
      return close + 1;
    }
    if (c === MINUS || isDigit(c)) return this.nodeOrEdge(p, end);
    if (isIdentStart(c)) return this.keywordStatement(p, end);
    throw this.error("DUMP_SYNTAX", p, `expected a node, edge, subgraph or attribute statement, found ${this.found(p, end)}`);
  }

  private ident(p: number, end: number): number {
    while (p < end && isIdentChar(this.buf[p])) p++;
    return p;
  }

  private header(p: number, end: number): number {
    let q = this.ident(p, end);
    if (bytesEqual(this.buf, p, q, "strict")) {
      p = this.skipWs(q, end);
      q = this.ident(p, end);
    }
    if (!bytesEqual(this.buf, p, q, "digraph")) {
      throw this.error("DUMP_SYNTAX", p, `expected 'strict digraph DiskGraph {', found ${this.found(p, end)}`);
    }
    p = this.skipWs(q, end);
    if (p < end && this.buf[p] === QUOTE) {
      const close = this.quoteEnd(p + 1, end);
      if (close < 0) throw this.error("DUMP_SYNTAX", p, "expected '\"' closing the graph name");
      p = this.skipWs(close + 1, end);
    } else p = this.skipWs(this.ident(p, end), end);
    if (this.buf[p] !== LBRACE) throw this.error("DUMP_SYNTAX", p, `expected '{' opening the graph, found ${this.found(p, end)}`);
    this.headerSeen = true;
    this.depth = 1;
    return p + 1;
  }

  private inLegend(): boolean {
    return this.subgraphs.some((s) => s !== "cluster_graph");
  }

  private keywordStatement(p: number, end: number): number {
    const buf = this.buf;
    const wordEnd = this.ident(p, end);
    let q = this.skipWs(wordEnd, end);
    if (bytesEqual(buf, p, wordEnd, "subgraph")) {
      const nameEnd = this.ident(q, end);
      const name = buf.toString("latin1", q, nameEnd);
      q = this.skipWs(nameEnd, end);
      if (buf[q] !== LBRACE) throw this.error("DUMP_SYNTAX", q, `expected '{' opening subgraph ${name}, found ${this.found(q, end)}`);
      this.subgraphs.push(name);
      this.depth++;
      return q + 1;
    }
    if (buf[q] === EQUALS) {
      // A graph attribute such as `nodesep=0.35` or `label = "Next State Actions"`.
      q = this.skipWs(q + 1, end);
      if (buf[q] === QUOTE) {
        const close = this.quoteEnd(q + 1, end);
        if (close === INCOMPLETE) return INCOMPLETE;
        return close + 1;
      }
      const valueEnd = this.bareValueEnd(q, end);
      if (valueEnd === q) throw this.error("DUMP_SYNTAX", q, `expected a value after '=', found ${this.found(q, end)}`);
      return valueEnd;
    }
    if (buf[q] === LBRACKET) {
      const isDefaults = bytesEqual(buf, p, wordEnd, "node") || bytesEqual(buf, p, wordEnd, "edge") || bytesEqual(buf, p, wordEnd, "graph");
      if (!isDefaults && !this.inLegend()) {
        throw this.error("DUMP_SYNTAX", p, `expected a state id (a TLC fingerprint), found ${this.found(p, wordEnd)}`);
      }
      return this.attributes(q, end); // defaults or a legend entry: layout only
    }
    throw this.error("DUMP_SYNTAX", p, `expected a node, edge, subgraph or attribute statement, found ${this.found(p, end)}`);
  }

  private bareValueEnd(p: number, end: number): number {
    const buf = this.buf;
    while (p < end) {
      const c = buf[p];
      if (c === COMMA || c === RBRACKET || c === SEMI || c === SPACE || c === TAB) break;
      p++;
    }
    return p;
  }

  /** Index of the quote closing a string whose contents start at p, or INCOMPLETE. */
  private quoteEnd(p: number, end: number): number {
    const buf = this.buf;
    for (;;) {
      const q = buf.indexOf(QUOTE, p);
      if (q < 0 || q >= end) return INCOMPLETE;
      let slashes = 0;
      for (let j = q - 1; j >= p && buf[j] === BACKSLASH; j--) slashes++;
      if (slashes % 2 === 0) return q;
      p = q + 1;
    }
  }

  private attributes(p: number, end: number): number {
    const buf = this.buf;
    const a = this.attrs;
    a.labelStart = a.labelEnd = a.tooltipStart = a.tooltipEnd = -1;
    a.filled = a.dashed = a.lightyellow = false;
    p++; // '['
    for (;;) {
      p = this.skipWs(p, end);
      if (p >= end) throw this.error("DUMP_SYNTAX", p, "expected ']' closing the attribute list, found the end of the line");
      if (buf[p] === RBRACKET) return p + 1;
      const keyStart = p;
      const keyEnd = this.ident(p, end);
      if (keyEnd === keyStart) throw this.error("DUMP_SYNTAX", p, `expected an attribute name, found ${this.found(p, end)}`);
      p = this.skipWs(keyEnd, end);
      if (buf[p] !== EQUALS) throw this.error("DUMP_SYNTAX", p, `expected '=' after attribute ${buf.toString("latin1", keyStart, keyEnd)}, found ${this.found(p, end)}`);
      p = this.skipWs(p + 1, end);
      let valueStart: number;
      let valueEnd: number;
      if (buf[p] === QUOTE) {
        const close = this.quoteEnd(p + 1, end);
        if (close === INCOMPLETE) return INCOMPLETE;
        valueStart = p + 1;
        valueEnd = close;
        p = close + 1;
      } else {
        valueStart = p;
        valueEnd = this.bareValueEnd(p, end);
        if (valueEnd === valueStart) throw this.error("DUMP_SYNTAX", p, `expected a value for attribute ${buf.toString("latin1", keyStart, keyEnd)}, found ${this.found(p, end)}`);
        p = valueEnd;
      }
      const keyLength = keyEnd - keyStart;
      if (keyLength === 5 && bytesEqual(buf, keyStart, keyEnd, "label")) {
        a.labelStart = valueStart;
        a.labelEnd = valueEnd;
      } else if (keyLength === 7 && bytesEqual(buf, keyStart, keyEnd, "tooltip")) {
        a.tooltipStart = valueStart;
        a.tooltipEnd = valueEnd;
      } else if (keyLength === 5 && bytesEqual(buf, keyStart, keyEnd, "style")) {
        a.filled = bytesEqual(buf, valueStart, valueEnd, "filled");
        a.dashed = bytesEqual(buf, valueStart, valueEnd, "dashed");
      } else if (keyLength === 9 && bytesEqual(buf, keyStart, keyEnd, "fillcolor")) {
        a.lightyellow = bytesEqual(buf, valueStart, valueEnd, "lightyellow");
      }
      p = this.skipWs(p, end);
      if (buf[p] === COMMA) p++;
      else if (buf[p] !== RBRACKET) throw this.error("DUMP_SYNTAX", p, `expected ',' or ']' in the attribute list, found ${this.found(p, end)}`);
    }
  }

  private integer(p: number, end: number): number {
    const buf = this.buf;
    let q = p;
    if (buf[q] === MINUS) q++;
    const digits = q;
    while (q < end && isDigit(buf[q])) q++;
    if (q === digits) throw this.error("DUMP_SYNTAX", p, `expected a state id (a TLC fingerprint), found ${this.found(p, end)}`);
    return q;
  }

  private nodeOrEdge(p: number, end: number): number {
    const buf = this.buf;
    const idEnd = this.integer(p, end);
    let q = this.skipWs(idEnd, end);
    if (buf[q] === MINUS && buf[q + 1] === GT) {
      const toStart = this.skipWs(q + 2, end);
      const toEnd = this.integer(toStart, end);
      q = this.skipWs(toEnd, end);
      let next = q;
      let hasAttributes = false;
      if (buf[q] === LBRACKET) {
        next = this.attributes(q, end);
        if (next === INCOMPLETE) return INCOMPLETE;
        hasAttributes = true;
      }
      if (!this.inLegend()) this.edge(p, idEnd, toStart, toEnd, hasAttributes);
      return next;
    }
    if (buf[q] !== LBRACKET) throw this.error("DUMP_SYNTAX", q, `expected '->' or '[' after the state id, found ${this.found(q, end)}`);
    const next = this.attributes(q, end);
    if (next === INCOMPLETE) return INCOMPLETE;
    if (!this.inLegend()) this.node(p, idEnd);
    return next;
  }

  private stateFor(idStart: number, idEnd: number): number {
    if (idEnd - idStart > 20) throw this.error("DUMP_SYNTAX", idStart, "expected a state id (a TLC fingerprint: a 64-bit integer), found a longer number");
    const digits = this.buf[idStart] === MINUS ? idStart + 1 : idStart;
    if (this.buf[digits] === 0x30 && idEnd - digits > 1) {
      // TLC never writes one: 007 and 7 would silently be one state.
      const text = this.buf.toString("latin1", idStart, idEnd);
      throw this.error("DUMP_SYNTAX", idStart, `expected a state id as TLC writes it, found ${text} with a leading zero (it would be the same state as ${BigInt(text)})`);
    }
    let id = this.stateIds.lookup(this.buf, idStart, idEnd);
    if (id < 0) {
      id = this.stateIds.lookup(this.buf, idStart, idEnd, this.builder.newState());
      const { line, column } = this.position(idStart);
      this.firstRefLine.set(id, line);
      this.firstRefColumn.set(id, column);
      this.fingerprintText[id] = this.buf.toString("latin1", idStart, idEnd);
    }
    return id;
  }

  private edge(fromStart: number, fromEnd: number, toStart: number, toEnd: number, hasAttributes: boolean): void {
    const a = this.attrs;
    if (hasAttributes && a.dashed) return; // a stuttering edge TLC adds for liveness
    const source = this.stateFor(fromStart, fromEnd);
    const target = this.stateFor(toStart, toEnd);
    const hasLabel = hasAttributes && a.labelStart >= 0;
    const raw = hasLabel ? this.buf.toString("utf8", a.labelStart, a.labelEnd) : "";
    let actionId = this.actionIds.get(raw);
    if (actionId === undefined) {
      actionId = this.parseEdgeLabel(raw, a.labelStart);
      this.actionIds.set(raw, actionId);
    }
    this.builder.addTransition(source, target, actionId);
  }

  private parseEdgeLabel(raw: string, labelStart: number): number {
    // With `constrained`, TLC appends a raw newline and the constraint's location.
    const newline = raw.indexOf("\n");
    const action = newline >= 0 ? raw.slice(0, newline) : raw;
    if (action.trim() === "") return this.builder.actionId("", []);
    try {
      const text = unescapeDot(action);
      checkValueShape(text, this.limits);
      const { name, args } = parseActionLabel(text);
      return this.builder.actionId(name, args);
    } catch (e) {
      throw this.labelError(e, action, labelStart, "an action label such as Name or Name(v1,v2)");
    }
  }

  private labelError(e: unknown, raw: string, rawStartByte: number, what: string): unknown {
    let index: number;
    let problem: string;
    if (e instanceof ValueSyntaxError) {
      index = rawIndexOf(raw, e.line, e.column);
      problem = `${shown(e.expected, 200)} (in ${what})`;
    } else if (e instanceof ShapeLimitError) {
      // The offset is in the unescaped text that was checked.
      const unescaped = (() => {
        try {
          return unescapeDot(raw);
        } catch {
          return raw;
        }
      })();
      const { line, column } = positionInText(unescaped, e.offset);
      index = rawIndexOf(raw, line, column);
      const at = rawStartByte + Buffer.byteLength(raw.slice(0, index));
      const { line: l, column: c } = this.position(at);
      return limitError(e.kind, { file: this.file, line: l, column: c }, e.limit, ` (in ${what})`);
    } else if (e instanceof DotEscapeError) {
      index = e.index;
      problem = "expected \\\\, \\\" or \\n after a backslash in a label";
    } else return e;
    const at = rawStartByte + Buffer.byteLength(raw.slice(0, index));
    return this.error("DUMP_LABEL", at, problem);
  }

  private node(idStart: number, idEnd: number): void {
    const a = this.attrs;
    if (a.labelStart < 0) throw this.error("DUMP_SYNTAX", idStart, 'expected a label="..." attribute holding the state');
    const id = this.stateFor(idStart, idEnd);
    const label = this.buf.toString("utf8", a.labelStart, a.labelEnd);
    splitEntries(label, this.keys, this.offsets);
    let entry = 0;
    let values;
    try {
      values = this.decoder.decode(
        this.keys,
        (i) => unescapeDot(this.keys[i]!),
        (i) => (entry = i),
      );
    } catch (e) {
      const offset = this.offsets[entry]!;
      throw this.labelError(e, this.keys[entry]!, a.labelStart + Buffer.byteLength(label.slice(0, offset)), "a state variable");
    }
    if (!(values instanceof Int32Array)) {
      const at = "entry" in values ? a.labelStart + Buffer.byteLength(label.slice(0, this.offsets[values.entry]!)) : a.labelStart;
      throw this.error("DUMP_LABEL", at, StateDecoder.explain(values, this.builder.variables));
    }
    const initial = a.filled && !a.lightyellow;
    const [high, low] = stateHash(values, initial, a.lightyellow);
    if (this.builder.isDefined(id)) {
      // TLC writes each state once: the same declaration again is harmless, a different one is an edited or merged dump.
      if (this.declaredHashHigh.get(id) === high && this.declaredHashLow.get(id) === low) return;
      const fp = this.buf.toString("latin1", idStart, idEnd);
      throw this.error("DUMP_DUPLICATE_STATE", idStart, `expected each state declared once, found state ${fp} declared again with other values or style than at line ${this.declaredLine.get(id)} (is the dump edited or two dumps joined?)`);
    }
    this.declaredHashHigh.set(id, high);
    this.declaredHashLow.set(id, low);
    this.declaredLine.set(id, this.position(idStart).line);
    this.builder.defineState(id, {
      values,
      fingerprint: BigInt(this.buf.toString("latin1", idStart, idEnd)),
      initial,
      outsideConstraint: a.lightyellow,
    });
    if (!this.aliasWarned && a.tooltipStart >= 0 && this.buf.compare(this.buf, a.tooltipStart, a.tooltipEnd, a.labelStart, a.labelEnd) !== 0) {
      this.aliasWarned = true;
      this.warn(
        "node labels differ from their tooltips, so the model has an ALIAS: states carry the alias's fields (TLC writes raw states only in the tooltips of non-initial states)",
      );
    }
  }
}
