/**
 * Reading recorded histories: tlabridge's JSON document, and Elle-style
 * operation histories (Jepsen's read-write register and list-append
 * workloads) as a JSON list, one JSON object per line, or Jepsen's EDN
 * (`history.edn`, one map per line).
 *
 * Integers are read exactly (past 2^53 a value is kept as its digits, never
 * rounded), and the same text of different types (`1` and `"1"`, `:x` and
 * `"x"`) never names one key or value: such a history is refused. The rules
 * a history must keep, each refused with its own code and file:line:col:
 *
 * - `HISTORY_SYNTAX`: not JSON or EDN.
 * - `HISTORY_FORMAT`: not a history's shape (a field missing or mistyped).
 * - `HISTORY_OP_F`: an Elle operation from a client whose `f` is not `txn`
 *   (`f` null or absent means `txn`, as in Elle's own tests; operations of
 *   the `nemesis` process are skipped whatever their `f`, as Elle does).
 * - `HISTORY_DUPLICATE_WRITE`: a value written or appended to a key by two
 *   transactions, or appended twice (values are unique per key: a read
 *   names the write it saw). A transaction may write its own value again.
 * - `HISTORY_NULL_WRITE`: a write or append of null (null is every key's
 *   initial value).
 * - `HISTORY_VERSION_ORDER`: a recorded version order with a value twice (a
 *   cycle), null, or a value no transaction wrote to that key.
 * - `HISTORY_AMBIGUOUS_KEY` / `HISTORY_AMBIGUOUS_VALUE`: one text as two
 *   types (`1` and `"1"`, `:x` and `"x"`, a big integer and its digits as a
 *   string).
 * - `HISTORY_DUPLICATE_INDEX`: two operations with one `index`.
 * - `HISTORY_PROCESS_BUSY`: a process invokes while its last invocation is
 *   outstanding.
 * - `HISTORY_TIME`: a `time` that is not a number.
 * - `HISTORY_TOO_LARGE`: a file past the longest string Node can hold.
 *
 * @module
 */
import { constants as bufferConstants } from "node:buffer";
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { ednOperation } from "./edn-lines.js";
import { eachLine } from "./read-lines.js";
import { asMap, ednForms, exactInteger, lineColumn, looksLikeEdn, mapGet, nameOf, showDatum, type Datum } from "./edn.js";
import { HistoryBuilder, lazyHistory, STATUS_NUMBER, UNKNOWN } from "./compact.js";
import type { History, HistoryValue, Operation, Transaction, TransactionStatus } from "./history.js";
import { IntList } from "../util/int-list.js";
import { openInputFile } from "../util/input.js";
import { inputLimits, limitError } from "../util/limits.js";

type MapDatum = Datum & { kind: "map" };
type Path = readonly (string | number)[];

/** Reads a history file (JSON, or EDN when it ends in `.edn` or starts `{:`); bad input raises an {@link InputError} with file:line:col. */
export async function readHistory(file: string): Promise<History> {
  const unreadable = (e: unknown): never => {
    throw new InputError("HISTORY_UNREADABLE", { file, line: 1, column: 1 }, `cannot read the history (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path.`);
  };
  const tooLarge = (bytes: number): never => {
    throw new InputError(
      "HISTORY_TOO_LARGE",
      { file, line: 1, column: 1 },
      `the history is ${(bytes / 2 ** 20).toFixed(0)} MiB, more than the ${Math.floor(bufferConstants.MAX_STRING_LENGTH / 2 ** 20)} MiB tlabridge can read at once (it reads a history whole); check a shorter run's history.`,
    );
  };
  // Opened once to check its kind (a folder, a FIFO or a device is refused, without waiting on a FIFO's writer).
  const opened = await openInputFile(file, { noun: "a history", codePrefix: "HISTORY" });
  const size = opened.size;
  await opened.handle.close();
  // One operation per line (JSON, or Jepsen's EDN), well formed: read a line at a time, never as one string.
  const fast = await fastElleFile(file, file.toLowerCase().endsWith(".edn"));
  if (fast) return fast;
  if (size > bufferConstants.MAX_STRING_LENGTH) tooLarge(size);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ERR_STRING_TOO_LONG" || code === "ERR_FS_FILE_TOO_LARGE" || e instanceof RangeError) tooLarge(size);
    return unreadable(e);
  }
  return parseHistory(text, file);
}

/** Parses a history document (see {@link readHistory}); EDN when `file` ends in `.edn` or the text starts like EDN (`{:type ...`). */
export function parseHistory(text: string, file = "<history>"): History {
  const edn = file.toLowerCase().endsWith(".edn") || looksLikeEdn(text);
  const fast = fastElleText(text, edn);
  if (fast) return fast;
  try {
    return new HistoryReader(text, file, edn).read(edn ? ednForms(text, file) : jsonForms(text, file));
  } catch (e) {
    // Only a --max-depth raised past what the stack holds gets here.
    if (e instanceof RangeError && /call stack/.test(e.message))
      throw new InputError("INPUT_TOO_DEEP", { file, line: 1, column: 1 }, `the history nests values deeper than the reader can follow with --max-depth ${inputLimits().maxDepth}: lower --max-depth (the default is 100) to have the deep value named`);
    throw e;
  }
}

/** How a key or value was written, so `1` and `"1"` are never confused. */
type Typed = "number" | "string" | "keyword" | "big integer";

class HistoryReader {
  private readonly keyTypes = new Map<string, { type: Typed; at: number }>();
  private readonly valueTypes = new Map<string, Map<HistoryValue, { type: Typed; at: number }>>();
  /** Each key's written values: which transaction wrote it, where. */
  private readonly writes = new Map<string, Map<HistoryValue, { txn: number; at: number; append: boolean }>>();
  private txnCount = 0;

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly edn: boolean,
  ) {}

  private where(at: number): { file: string; line: number; column: number } {
    return { file: this.file, ...lineColumn(this.text, at) };
  }

  private line(at: number): number {
    return lineColumn(this.text, at).line;
  }

  fail(code: string, d: Datum | number, problem: string, path: Path = []): never {
    throw new InputError(code, this.where(typeof d === "number" ? d : d.at), `${path.length ? `${formatPath(path)}: ` : ""}${problem}`);
  }

  private show(d: Datum): string {
    return showDatum(d, !this.edn);
  }

  read(stream: Iterator<Datum, void, undefined>): History {
    const first = stream.next();
    const second = first.done ? first : stream.next();
    if (!first.done && !second.done) {
      // One operation per line: read them as they come.
      const check = (f: Datum): Datum => (asMap(f) ? f : this.fail("HISTORY_FORMAT", f, "expected one operation (an object or map) per line"));
      const all = function* (): Generator<Datum, void, undefined> {
        yield check(first.value);
        yield check(second.value);
        for (let r = stream.next(); !r.done; r = stream.next()) yield check(r.value);
      };
      return this.elle(all());
    }
    const forms = first.done ? [] : [first.value];
    const what = 'expected a list of transactions, an object {"transactions": [...], "versionOrder": {...}}, or an Elle history (a list of operations with "type", "f" and "value")';
    if (forms.length === 0) return this.fail("HISTORY_SYNTAX", 0, this.edn ? "expected an EDN history, not an empty file" : "expected a JSON history, not an empty file");
    const top = forms[0]!;
    const map = asMap(top);
    if (top.kind === "vector" || top.kind === "list") {
      const first = asMap(top.items[0]);
      if (first && mapGet(first, "type") !== undefined && mapGet(first, "ops") === undefined) return this.elle(top.items);
      return this.document(top.items, [], undefined);
    }
    if (map && mapGet(map, "type") !== undefined && mapGet(map, "transactions") === undefined) return this.elle([top]);
    const transactions = map && mapGet(map, "transactions");
    if (!map || !transactions || (transactions.kind !== "vector" && transactions.kind !== "list")) return this.fail("HISTORY_FORMAT", top, what);
    return this.document(transactions.items, ["transactions"], mapGet(map, "versionOrder"));
  }

  /** A key: a string, an integer or a keyword, named by its text. */
  key(d: Datum | undefined, fail: (problem: string) => never): string {
    const typed = d ? scalarOf(d) : undefined;
    if (!d || !typed || typed.value === null || typed.type === "number" && d.kind === "float") return fail("expected the key, a string or number");
    const key = String(typed.value);
    const seen = this.keyTypes.get(key);
    if (!seen) this.keyTypes.set(key, { type: typed.type, at: d.at });
    else if (seen.type !== typed.type)
      this.fail("HISTORY_AMBIGUOUS_KEY", d, `key ${this.show(d)} is a ${typed.type} here and a ${seen.type} at line ${this.line(seen.at)}; tlabridge names keys by their text, so use one type for a key`);
    return key;
  }

  /** A value read or written: null (the initial value), a number, a string or a keyword; big integers as their digits. */
  value(key: string, d: Datum | undefined, fail: (problem: string) => never): HistoryValue {
    const typed = d ? scalarOf(d) : undefined;
    if (!d || !typed) return fail(`expected the value: a string, a number, or null for the initial value${d ? `, not ${this.show(d)}` : ""}`);
    if (typed.value === null || typeof typed.value === "number") return typed.value; // numbers and strings never meet as values
    let values = this.valueTypes.get(key);
    if (!values) this.valueTypes.set(key, (values = new Map()));
    const seen = values.get(typed.value);
    if (!seen) values.set(typed.value, { type: typed.type, at: d.at });
    else if (seen.type !== typed.type)
      this.fail("HISTORY_AMBIGUOUS_VALUE", d, `value ${this.show(d)} of key ${key} is a ${typed.type} here and a ${seen.type} at line ${this.line(seen.at)}; use one type for a value`);
    return typed.value;
  }

  /** Records a write (or append) of `value` to `key` by transaction `txn`: values are unique per key. */
  private written(key: string, value: HistoryValue, txn: number, d: Datum, append: boolean, path: Path = []): void {
    const verb = append ? "appended" : "written";
    if (value === null) this.fail("HISTORY_NULL_WRITE", d, `null ${verb} to key ${key}: null is every key's initial value; write a value of its own`, path);
    let values = this.writes.get(key);
    if (!values) this.writes.set(key, (values = new Map()));
    const seen = values.get(value);
    if (seen && (seen.txn !== txn || append || seen.append))
      this.fail(
        "HISTORY_DUPLICATE_WRITE",
        d,
        `value ${String(value)} is ${verb} to key ${key} here and ${seen.txn === txn ? "earlier in this transaction" : "by another transaction"} at line ${this.line(seen.at)}; values must be unique per key (a read names the write it saw)`,
        path,
      );
    if (!seen) values.set(value, { txn, at: d.at, append });
  }

  private document(list: readonly Datum[], at0: Path, vo: Datum | undefined): History {
    const ids = new Set<string>();
    const transactions = list.map((td, i): Transaction => {
      const at: Path = [...at0, i];
      const fail = (d: Datum, problem: string, path: Path = at): never => this.fail("HISTORY_FORMAT", d, problem, path);
      const t = asMap(td);
      if (!t) return fail(td, 'expected a transaction {"id": ..., "ops": [...]}');
      const get = (f: string): Datum | undefined => mapGet(t, f);
      const idd = get("id");
      const idv = idd && (idd.kind === "string" || idd.kind === "integer" || idd.kind === "keyword") ? String(idd.value) : fail(idd ?? t, "expected the transaction's id, a string or number", [...at, "id"]);
      if (ids.has(idv)) fail(idd!, `transaction ${idv} appears twice; give each transaction its own id`, [...at, "id"]);
      ids.add(idv);
      const opsd = get("ops");
      if (!opsd || (opsd.kind !== "vector" && opsd.kind !== "list")) return fail(opsd ?? t, 'expected "ops": a list of operations such as ["r", "x", 1] or ["w", "x", 2]', [...at, "ops"]);
      const txn = this.txnCount++;
      const ops = opsd.items.map((o, j) => this.operation(o, txn, (problem) => fail(o, problem, [...at, "ops", j]), [...at, "ops", j]));
      const sd = get("status");
      const status = sd === undefined ? "committed" : nameOf(sd);
      if (status !== "committed" && status !== "aborted" && status !== "unknown") fail(sd!, 'expected "committed", "aborted" or "unknown"', [...at, "status"]);
      const num = (f: "start" | "end"): number | undefined => {
        const d = get(f);
        if (d === undefined) return undefined;
        return d.kind === "integer" || d.kind === "float" ? Number(d.value) : this.fail(d.kind === "string" ? "HISTORY_TIME" : "HISTORY_FORMAT", d, `expected a number (a time on one clock), not ${this.show(d)}`, [...at, f]);
      };
      const [start, end] = [num("start"), num("end")];
      if (start !== undefined && end !== undefined && end < start) fail(get("end")!, `ends (${end}) before it starts (${start}); give both times on one clock`, [...at, "end"]);
      const sess = get("session");
      const session = sess === undefined ? undefined : sess.kind === "string" || sess.kind === "integer" || sess.kind === "keyword" ? String(sess.value) : fail(sess, "expected a string or number", [...at, "session"]);
      return { id: idv, ops, status: status as TransactionStatus, session, start, end };
    });
    let versionOrder: Record<string, HistoryValue[]> | undefined;
    if (vo !== undefined) {
      const m = asMap(vo);
      if (!m) return this.fail("HISTORY_FORMAT", vo, "expected an object mapping each key to the list of values it took, in order", ["versionOrder"]);
      versionOrder = {};
      for (const [kd, list] of m.entries) {
        const k = nameOf(kd) ?? (kd.kind === "integer" ? String(kd.value) : this.fail("HISTORY_FORMAT", kd, "expected a key", ["versionOrder"]));
        const path = ["versionOrder", k];
        if (list.kind !== "vector" && list.kind !== "list") return this.fail("HISTORY_FORMAT", list, "expected a list of the values the key took, in order", path);
        const order: HistoryValue[] = [];
        const seen = new Map<HistoryValue, number>();
        list.items.forEach((d, j) => {
          const v = this.value(k, d, (problem) => this.fail("HISTORY_FORMAT", d, problem.replace("expected the value", "expected a list of the values the key took, in order"), path));
          if (v === null) this.fail("HISTORY_VERSION_ORDER", d, "null is the initial value, implied first; list only the values written", [...path, j]);
          if (seen.has(v)) this.fail("HISTORY_VERSION_ORDER", d, `${String(v)} appears twice (at [${seen.get(v)}] and [${j}]): a version order is a sequence of distinct values, not a cycle`, [...path, j]);
          if (!this.writes.get(k)?.has(v)) this.fail("HISTORY_VERSION_ORDER", d, `${String(v)} is a value no transaction wrote to ${k}; a version order names the values written`, [...path, j]);
          seen.set(v, j);
          order.push(v);
        });
        versionOrder[k] = order;
      }
    }
    return { transactions, versionOrder };
  }

  /** `["r", key, value]`, `["w", key, value]` or `{"type": "read", "key": ..., "value": ...}`. */
  private operation(o: Datum, txn: number, fail: (problem: string) => never, path: Path): Operation {
    const m = asMap(o);
    const [fd, kd, vd] = o.kind === "vector" || o.kind === "list" ? o.items : m ? [mapGet(m, "type") ?? mapGet(m, "op"), mapGet(m, "key"), mapGet(m, "value")] : [];
    const f = nameOf(fd);
    const type = f === "r" || f === "read" ? "r" : f === "w" || f === "write" ? "w" : undefined;
    if (!type) return fail('expected an operation: ["r", key, value] or ["w", key, value]');
    const key = this.key(kd, fail);
    const value = this.value(key, vd, fail);
    if (type === "w") this.written(key, value, txn, vd!, false, path);
    return { type, key, value };
  }

  /**
   * An Elle history: invocations and completions of `txn` operations by
   * processes. `ok` commits, `fail` aborts, `info` (or no completion) is
   * unknown. List-append reads give each key's version order.
   */
  private elle(ops: Iterable<Datum>): History {
    const pending = new Map<string, { op: MapDatum; at: number; n: number }>();
    const indices = new Map<string, number>();
    const transactions: Transaction[] = [];
    const longest = new Map<string, HistoryValue[]>();
    let listAppend = false;
    const micro = (valued: Datum | undefined, where: Datum, status: TransactionStatus): Operation[] => {
      const fail = (d: Datum, problem: string): never => this.fail("HISTORY_FORMAT", d, problem);
      if (!valued || (valued.kind !== "vector" && valued.kind !== "list"))
        return fail(valued ?? where, 'expected "value": a list of micro-operations such as ["r", "x", 1], ["w", "x", 2] or ["append", "x", 3]');
      const txn = this.txnCount++;
      const out: Operation[] = [];
      for (const m of valued.items) {
        if ((m.kind !== "vector" && m.kind !== "list") || m.items.length !== 3) fail(m, `expected a micro-operation [f, key, value], not ${this.show(m)}`);
        const [fd, kd, vd] = (m as Datum & { kind: "vector" }).items as [Datum, Datum, Datum];
        const f = nameOf(fd);
        if (f !== "r" && f !== "w" && f !== "append") fail(m, `expected a micro-operation "r", "w" or "append", not ${this.show(fd)}`);
        const key = this.key(kd, (problem) => fail(kd, `${problem}, not ${this.show(kd)}`));
        if (f === "append" || f === "w") {
          if (f === "append") listAppend = true;
          const value = this.value(key, vd, (problem) => fail(vd, problem.replace("the value", `the ${f === "w" ? "written" : "appended"} value`)));
          this.written(key, value, txn, vd, f === "append");
          out.push({ type: "w", key, value });
        } else if (status !== "committed" && vd.kind === "nil") continue; // an unknown read
        else if (vd.kind === "vector" || vd.kind === "list") {
          listAppend = true;
          const list: HistoryValue[] = [];
          const seen = new Set<HistoryValue>();
          let duplicated = false;
          for (const e of vd.items) {
            const v = this.value(key, e, (problem) => fail(e, problem.replace("the value", "a value in the list read")));
            if (v === null) fail(e, `expected a value in the list read, not ${this.show(e)}`);
            // A value twice is the database's anomaly (Elle's duplicate-elements), which the checker reports; such a list orders nothing.
            if (seen.has(v)) duplicated = true;
            seen.add(v);
            list.push(v);
          }
          if (!duplicated && list.length > (longest.get(key)?.length ?? 0)) longest.set(key, list);
          out.push({ type: "r", key, value: list.length === 0 ? null : list[list.length - 1]!, list });
        } else out.push({ type: "r", key, value: this.value(key, vd, (problem) => fail(vd, problem.replace("the value", "a value read"))) });
      }
      return out;
    };
    const idOf = (op: MapDatum, fallback: number): string => {
      const d = mapGet(op, "index");
      return d?.kind === "integer" ? String(d.value) : `op${fallback}`;
    };
    let n = -1;
    for (const od of ops) {
      n++;
      const op = asMap(od);
      const type = op && nameOf(mapGet(op, "type"));
      if (!op || type === undefined) return this.fail("HISTORY_FORMAT", od, 'expected an operation {"type": "invoke" | "ok" | "fail" | "info", "process": ..., "value": [...]}');
      const index = mapGet(op, "index");
      if (index !== undefined) {
        if (index.kind !== "integer") this.fail("HISTORY_FORMAT", index, `expected the operation's index, an integer, not ${this.show(index)}`);
        const before = indices.get(String((index as { value: unknown }).value));
        if (before !== undefined) this.fail("HISTORY_DUPLICATE_INDEX", index, `index ${this.show(index)} is also the index of the operation at line ${this.line(before)}; each operation has its own index`);
        indices.set(String((index as { value: unknown }).value), od.at);
      }
      const time = mapGet(op, "time");
      if (time !== undefined && time.kind !== "integer" && time.kind !== "float") this.fail("HISTORY_TIME", time, `expected the operation's time, a number (nanoseconds), not ${this.show(time)}`);
      const processd = mapGet(op, "process");
      if (processd !== undefined && nameOf(processd) === "nemesis") continue; // not a client: Elle skips these, whatever their f
      const f = mapGet(op, "f");
      if (f !== undefined && f.kind !== "nil" && nameOf(f) !== "txn")
        this.fail("HISTORY_OP_F", f, `operation f ${this.show(f)} is not a transaction: tlabridge reads txn operations (f ${this.edn ? ":txn" : '"txn"'}, null or absent) and skips the nemesis's; remove the others`);
      const process = processd === undefined || processd.kind === "nil" ? "" : processd.kind === "integer" || processd.kind === "string" || processd.kind === "keyword" ? String(processd.value) : this.fail("HISTORY_FORMAT", processd, `expected the process, an integer, not ${this.show(processd)}`);
      const timeOf = (o: MapDatum | undefined): number | undefined => {
        const t = o && mapGet(o, "time");
        return t?.kind === "integer" || t?.kind === "float" ? Number(t.value) : undefined;
      };
      if (type === "invoke") {
        const busy = pending.get(process);
        if (busy)
          this.fail("HISTORY_PROCESS_BUSY", od, `process ${process === "" ? "(none)" : process} invokes again while its invocation at line ${this.line(busy.at)} is outstanding; a process runs one operation at a time (Jepsen gives a crashed process's successor a new number)`);
        pending.set(process, { op, at: od.at, n });
        continue;
      }
      const status: TransactionStatus =
        type === "ok" ? "committed" : type === "fail" ? "aborted" : type === "info" ? "unknown" : this.fail("HISTORY_FORMAT", mapGet(op, "type")!, `expected "type" invoke, ok, fail or info, not ${this.show(mapGet(op, "type")!)}`);
      const invoked = pending.get(process);
      pending.delete(process);
      const source = status === "committed" || !invoked || mapGet(invoked.op, "value") === undefined ? op : invoked.op;
      transactions.push({
        id: invoked ? idOf(invoked.op, invoked.n) : idOf(op, n),
        ops: micro(mapGet(source, "value"), source, status),
        status,
        session: process,
        start: timeOf(invoked?.op),
        end: status === "committed" ? timeOf(op) : undefined,
      });
    }
    for (const [process, { op, n }] of pending) transactions.push({ id: idOf(op, n), ops: micro(mapGet(op, "value"), op, "unknown"), status: "unknown", session: process });
    return { transactions, versionOrder: listAppend ? Object.fromEntries(longest) : undefined };
  }
}

/** A scalar datum as a history value, with the type it was written as. */
function scalarOf(d: Datum): { value: HistoryValue; type: Typed } | undefined {
  switch (d.kind) {
    case "nil":
      return { value: null, type: "number" };
    case "integer":
      return typeof d.value === "bigint" ? { value: String(d.value), type: "big integer" } : { value: d.value, type: "number" };
    case "float":
      return { value: d.value, type: "number" };
    case "string":
      return { value: d.value, type: "string" };
    case "keyword":
      return { value: d.value, type: "keyword" };
    default:
      return undefined;
  }
}

/**
 * Reads JSON texts exactly: integers are not rounded past 2^53 (see
 * {@link exactInteger}), and every value keeps where it starts. A text may
 * hold several JSON values one after another (one object per line).
 */
export function readJson(text: string, file = "<history>"): Datum[] {
  return [...jsonForms(text, file)];
}

/** The JSON values of a text one at a time (see {@link readJson}). */
export function* jsonForms(text: string, file = "<history>"): Generator<Datum, void, undefined> {
  let i = 0;
  let count = 0;
  let firstKind: Datum["kind"] | undefined;
  const keys = new Map<string, Datum>();
  const fail = (at: number, problem: string): never => {
    const perLine = count > 0 && firstKind === "map";
    throw new InputError("HISTORY_SYNTAX", { file, ...lineColumn(text, at) }, `${perLine ? "expected one JSON object per line" : "expected a JSON history"} (${problem})`);
  };
  const ws = (): void => {
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
  };
  const str = (): string => {
    const start = i;
    i++;
    let simple = true;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c)) return fail(start, "a string that is never closed");
      if (c === 34) break;
      if (c < 32) return fail(i, "a control character in a string");
      if (c === 92) (simple = false), i++;
      i++;
    }
    i++;
    if (simple) return text.slice(start + 1, i - 1);
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail(start, "a string with a bad escape");
    }
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  // Nesting is bounded (--max-depth): a deep enough value would exhaust the stack of this recursive reader.
  const maxDepth = inputLimits().maxDepth;
  let depth = 0;
  const value = (): Datum => {
    ws();
    const at = i;
    const c = text[i];
    if (c === "{" || c === "[") {
      if (++depth > maxDepth) throw limitError("maxDepth", { file, ...lineColumn(text, at) });
      i++;
      ws();
      const close = c === "{" ? "}" : "]";
      const items: Datum[] = [];
      const entries: [Datum, Datum][] = [];
      if (text[i] === close) i++;
      else
        for (;;) {
          if (c === "{") {
            ws();
            if (text[i] !== '"') fail(i, `expected a "key" in an object, not ${describe(text, i)}`);
            const kat = i;
            const name = str();
            let key = keys.get(name);
            if (!key) keys.set(name, (key = { kind: "string", value: name, at: kat }));
            ws();
            if (text[i] !== ":") fail(i, `expected : after a key, not ${describe(text, i)}`);
            i++;
            entries.push([key, value()]);
          } else items.push(value());
          ws();
          if (text[i] === ",") i++;
          else if (text[i] === close) {
            i++;
            break;
          } else fail(i, `expected , or ${close}, not ${describe(text, i)}`);
        }
      depth--;
      return c === "{" ? { kind: "map", entries, at } : { kind: "vector", items, at };
    }
    if (c === '"') return { kind: "string", value: str(), at };
    if (text.startsWith("null", i)) return (i += 4), { kind: "nil", at };
    if (text.startsWith("true", i)) return (i += 4), { kind: "boolean", value: true, at };
    if (text.startsWith("false", i)) return (i += 5), { kind: "boolean", value: false, at };
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) return fail(i, `expected a value, not ${describe(text, i)}`);
    i += m[0].length;
    return m[1] === undefined && m[2] === undefined ? { kind: "integer", value: exactInteger(m[0]), at } : { kind: "float", value: Number(m[0]), at };
  };
  for (;;) {
    ws();
    if (i >= text.length) return;
    if (count === 1 && firstKind !== "map") fail(i, `expected the end of the text after the history, not ${describe(text, i)}`);
    const d = value();
    count++;
    firstKind ??= d.kind;
    yield d;
  }
}

function describe(text: string, i: number): string {
  return i >= text.length ? "the end of the text" : JSON.stringify(text[i]);
}

/** A history as tlabridge's JSON document (what `isolation check` reads). */
export function historyToJson(h: History): { transactions: unknown[]; versionOrder?: unknown } {
  return {
    transactions: h.transactions.map((t) => ({
      id: t.id,
      ...(t.status !== "committed" && { status: t.status }),
      ...(t.session !== undefined && { session: t.session }),
      ...(t.start !== undefined && { start: t.start }),
      ...(t.end !== undefined && { end: t.end }),
      ops: t.ops.map((o) => [o.type, o.key, o.value]),
    })),
    ...(h.versionOrder && { versionOrder: h.versionOrder }),
  };
}

function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Gives up on the fast reading of a line-per-operation history (the full reader then reads it, and names any error). */
const BAIL: unique symbol = Symbol("bail");
type Plain = null | boolean | number | bigint | string | Plain[] | { [k: string]: Plain };
type PlainOp = { [k: string]: Plain | undefined };

/** A datum as a plain value (as `JSON.parse` gives), floats apart from integers only when not integral; undefined when it cannot be. */
function plainOf(d: Datum): Plain | typeof BAIL {
  switch (d.kind) {
    case "nil":
      return null;
    case "boolean":
    case "string":
    case "integer":
      return d.value;
    case "float":
      return Number.isInteger(d.value) ? BAIL : d.value;
    case "vector": {
      const out: Plain[] = [];
      for (const x of d.items) {
        const p = plainOf(x);
        if (p === BAIL) return BAIL;
        out.push(p);
      }
      return out;
    }
    case "map": {
      const out: { [k: string]: Plain } = {};
      for (const [k, v] of d.entries) {
        if (k.kind !== "string" || k.value === "__proto__" || Object.prototype.hasOwnProperty.call(out, k.value)) return BAIL;
        const p = plainOf(v);
        if (p === BAIL) return BAIL;
        out[k.value] = p;
      }
      return out;
    }
    default:
      return BAIL;
  }
}


/**
 * A fast reader of an Elle history with one JSON operation per line, for
 * the well-formed: it gives up ({@link BAIL}) at anything the full reader
 * would refuse or that it does not read alike, and the full reader then
 * reads the history and names the error.
 */
class FastElle {
  /** The history, built compact: no object per transaction or operation. */
  private readonly history = new HistoryBuilder();
  private readonly keyTypes = new Map<string, Typed>();
  private readonly valueTypes = new Map<number, Map<string, Typed>>();
  /** Per value id: the writing transaction times two, plus one for an append, plus one (0: not written). */
  private readonly writes = new IntList();
  /** Integer keys already named (and typed), as key numbers. */
  private readonly numberKeys = new Map<number, number>();
  private readonly pending = new Map<string, Invocation>();
  /** The indices seen: safe integers as numbers, others as their digits. */
  private readonly indices = new Set<number | string>();
  private indexBits = new Uint32Array(1024);
  private readonly longest = new Map<string, HistoryValue[]>();
  private listAppend = false;
  private txnCount = 0;
  private n = -1;

  private readonly processNames = new Map<number, string>();
  private processName(p: number): string {
    const name = String(p);
    this.processNames.set(p, name);
    return name;
  }

  /** Reads one line of Jepsen's EDN (a map per line); false to give up. */
  ednLine(text: string): boolean {
    const op = ednOperation(text) ?? (text.includes(":nemesis") ? nemesisOperation(text) : undefined);
    if (!op) return text.trim() === "";
    try {
      return this.takeOp(op);
    } catch (e) {
      if (e === BAIL) return false;
      throw e;
    }
  }

  /** Reads one line; false to give up. */
  line(text: string, clean: boolean): boolean {
    try {
      return this.take(text, clean);
    } catch (e) {
      if (e === BAIL) return false;
      throw e;
    }
  }

  private parse(text: string, clean: boolean): PlainOp {
    if (!clean) return exactLine(text);
    const o = JSON.parse(text) as Plain;
    if (o === null || typeof o !== "object" || Array.isArray(o)) throw BAIL;
    // No key twice (JSON.parse keeps the last, the full reader the first): every key has its colon, so no more keys than colons.
    let colons = 0;
    for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) colons++;
    let keys = 0;
    for (const _ in o) keys++;
    if (colons !== keys) throw BAIL;
    // A clean line has no run of 16 digits (DIRTY), so no integer JSON.parse rounds (past 2^53).
    return o as PlainOp;
  }

  private take(text: string, clean: boolean): boolean {
    let j = 0;
    for (let c = text.charCodeAt(0); c === 32 || c === 13 || c === 9; c = text.charCodeAt(++j));
    if (j === text.length) return true;
    // An invocation in Jepsen's own layout is checked by its shape and its value parsed only if it is needed (its
    // completion failed or is unknown).
    const invoke = INVOKE.exec(text);
    if (invoke) return this.takeOp({ type: "invoke", f: "txn", value: undefined, process: Number(invoke[2]), time: Number(invoke[3]), index: Number(invoke[4]) }, invoke[1]);
    // A completion in that layout: only its value is parsed (the rest is known by the shape).
    const done = clean ? COMPLETION.exec(text) : null;
    if (done) {
      let value: Plain;
      try {
        value = JSON.parse(done[2]!) as Plain;
      } catch {
        return false;
      }
      return this.takeOp({ type: done[1], f: "txn", value, process: Number(done[3]), time: Number(done[4]), index: Number(done[5]) });
    }
    let op: PlainOp;
    try {
      op = this.parse(text, clean);
    } catch {
      return false;
    }
    return this.takeOp(op);
  }

  /** Takes one operation read from a line; throws {@link BAIL} to give up. */
  private takeOp(op: PlainOp, lazyValue?: string): boolean {
    this.n++;
    const n = this.n;
    const type = op.type;
    if (typeof type !== "string") throw BAIL;
    const index = op.index;
    if (index !== undefined) {
      if (!(typeof index === "bigint" || (typeof index === "number" && Number.isInteger(index)))) throw BAIL;
      if (typeof index === "number" && index >= 0 && index < 1 << 30) {
        // Indices are mostly 0, 1, 2, ...: a bit each.
        const word = index >>> 5;
        if (word >= this.indexBits.length) {
          const grown = new Uint32Array(Math.max(word + 1, this.indexBits.length * 2));
          grown.set(this.indexBits);
          this.indexBits = grown;
        }
        const bit = 1 << (index & 31);
        if (this.indexBits[word]! & bit) throw BAIL;
        this.indexBits[word]! |= bit;
      } else {
        const s = typeof index === "number" ? index : String(index);
        if (this.indices.has(s)) throw BAIL;
        this.indices.add(s);
      }
    }
    const time = op.time;
    if (time !== undefined && typeof time !== "number" && typeof time !== "bigint") throw BAIL;
    const processd = op.process;
    if (processd === "nemesis") return true;
    const f = op.f;
    if (f !== undefined && f !== null && f !== "txn") throw BAIL;
    const process =
      processd === undefined || processd === null
        ? ""
        : typeof processd === "string"
          ? processd
          : typeof processd === "number" && Number.isInteger(processd)
            ? (this.processNames.get(processd) ?? this.processName(processd))
            : typeof processd === "bigint"
              ? String(processd)
              : bail();
    if (type === "invoke") {
      if (this.pending.has(process)) throw BAIL;
      this.pending.set(process, { op, n, lazyValue });
      return true;
    }
    const status: TransactionStatus = type === "ok" ? "committed" : type === "fail" ? "aborted" : type === "info" ? "unknown" : bail();
    const invoked = this.pending.get(process);
    this.pending.delete(process);
    // A completion that did not commit says what it tried through its invocation, when that has a value.
    const invokedValue = status !== "committed" && invoked ? invocationValue(invoked) : undefined;
    this.micro(invokedValue === undefined ? op.value : invokedValue, status);
    this.history.endTransaction(invoked ? idOf(invoked.op, invoked.n) : idOf(op, n), STATUS_NUMBER[status], process, timeOf(invoked?.op), status === "committed" ? timeOf(op) : undefined);
    return true;
  }

  /** The history read; undefined to give up. */
  finish(): History | undefined {
    try {
      if (this.n < 1) return undefined; // one operation or none: the full reader's cases
      for (const [process, invoked] of this.pending) {
        const { op, n } = invoked;
        this.micro(invocationValue(invoked), "unknown");
        this.history.endTransaction(idOf(op, n), UNKNOWN, process, undefined, undefined);
      }
      this.pending.clear();
      return lazyHistory(this.history.finish(this.listAppend ? Object.fromEntries(this.longest) : undefined));
    } catch (e) {
      if (e === BAIL) return undefined;
      throw e;
    }
  }

  /** Key `d`'s number, once its text has one type throughout. */
  private key(d: Plain): number {
    if (typeof d === "number") {
      const known = this.numberKeys.get(d);
      if (known !== undefined) return known;
      if (!Number.isInteger(d)) throw BAIL;
      const name = String(d);
      this.typed(name, "number");
      const k = this.history.key(name);
      this.numberKeys.set(d, k);
      return k;
    }
    if (typeof d === "string") return this.typed(d, "string"), this.history.key(d);
    if (typeof d === "bigint") return this.typed(String(d), "big integer"), this.history.key(String(d));
    throw BAIL;
  }

  private typed(key: string, type: Typed): void {
    const seen = this.keyTypes.get(key);
    if (seen === undefined) this.keyTypes.set(key, type);
    else if (seen !== type) throw BAIL;
  }

  /** Value `d` of key `k` as a value id (-1: null). */
  private value(k: number, d: Plain): number {
    if (d === null) return -1;
    if (typeof d === "number") return this.history.value(k, d);
    let value: string;
    let type: Typed;
    if (typeof d === "string") (value = d), (type = "string");
    else if (typeof d === "bigint") (value = String(d)), (type = "big integer");
    else throw BAIL;
    let values = this.valueTypes.get(k);
    if (!values) this.valueTypes.set(k, (values = new Map()));
    const seen = values.get(value);
    if (seen === undefined) values.set(value, type);
    else if (seen !== type) throw BAIL;
    return this.history.value(k, value);
  }

  private written(v: number, txn: number, append: boolean): void {
    if (v < 0) throw BAIL;
    const seen = v < this.writes.length ? this.writes.get(v) - 1 : -1;
    if (seen >= 0) {
      if (seen >> 1 !== txn || append || seen & 1) throw BAIL;
    } else this.writes.set(v, txn * 2 + (append ? 1 : 0) + 1);
  }

  private readonly list: number[] = [];
  /** Per value id, the last list read holding it (reads numbered from 1). */
  private readonly readOf = new IntList();
  private reads = 0;
  /** Per key number, the length of its longest list read so far. */
  private readonly longestLength = new IntList();

  private micro(valued: Plain | undefined, status: TransactionStatus): void {
    if (!Array.isArray(valued)) throw BAIL;
    const txn = this.txnCount++;
    const b = this.history;
    for (const m of valued) {
      if (!Array.isArray(m) || m.length !== 3) throw BAIL;
      const f = m[0];
      const vd = m[2]!;
      if (f !== "r" && f !== "w" && f !== "append") throw BAIL;
      const k = this.key(m[1]!);
      if (f === "append" || f === "w") {
        if (f === "append") this.listAppend = true;
        const v = this.value(k, vd);
        this.written(v, txn, f === "append");
        b.write(k, v);
      } else if (status !== "committed" && vd === null) continue;
      else if (Array.isArray(vd)) {
        this.listAppend = true;
        const ids = this.list;
        ids.length = 0;
        // An element twice is refused by the full reader: each list's elements are marked with the read's number.
        const read = ++this.reads;
        let numbers = true;
        for (let i = 0; i < vd.length; i++) {
          const e = vd[i]!;
          let v: number;
          if (typeof e === "number") v = b.value(k, e);
          else {
            numbers = false;
            v = this.value(k, e);
            if (v < 0) throw BAIL;
          }
          if (v < this.readOf.length && this.readOf.get(v) === read) throw BAIL;
          this.readOf.set(v, read);
          ids.push(v);
        }
        if (vd.length > (k < this.longestLength.length ? this.longestLength.get(k) : 0)) {
          this.longestLength.set(k, vd.length);
          // Numbers read as themselves: the list is the array parsed.
          this.longest.set(b.keyName(k), numbers ? (vd as number[]) : ids.map((v) => b.valueOf(v)));
        }
        b.readList(k, ids);
      } else b.read(k, this.value(k, vd));
    }
  }
}

/**
 * A nemesis operation of an EDN history, whatever its `f` and `value`: read
 * whole (it may hold anything EDN has), kept for its type, index and time
 * (the checks every operation gets); undefined to give up.
 */
function nemesisOperation(text: string): PlainOp | undefined {
  let forms: Datum[];
  try {
    forms = [...ednForms(text)];
  } catch {
    return undefined;
  }
  const m = forms.length === 1 ? asMap(forms[0]) : undefined;
  const type = m && nameOf(mapGet(m, "type"));
  if (!m || type === undefined || nameOf(mapGet(m, "process")) !== "nemesis") return undefined;
  const op: PlainOp = { type, process: "nemesis" };
  for (const field of ["index", "time"] as const) {
    const d = mapGet(m, field);
    if (d === undefined) continue;
    if (d.kind !== "integer") return undefined;
    op[field] = d.value;
  }
  return op;
}

/** An outstanding invocation: its operation, its number, and its value's text when that is parsed only if needed. */
interface Invocation {
  readonly op: PlainOp;
  readonly n: number;
  readonly lazyValue?: string | undefined;
}

/** An invocation's value (parsed now, if it was left as text). */
function invocationValue(i: Invocation): Plain | undefined {
  return i.lazyValue !== undefined ? (JSON.parse(i.lazyValue) as Plain) : i.op.value;
}

// JSON's integers (no leading zero) of at most 15 digits (so exact), and strings without escapes.
const INT = String.raw`-?(?:0|[1-9]\d{0,14})`;
const NAT = String.raw`(?:0|[1-9]\d{0,14})`;
const STR = String.raw`"[^"\\\u0000-\u001f]*"`;
const MICRO = String.raw`\["(?:r|w|append)",(?:${INT}|${STR}),(?:null|${INT}|${STR}|\[(?:${INT}(?:,${INT})*)?\])\]`;
/** An invocation as Jepsen and scripts/elle-history.mjs write it: valid JSON of one shape, fields in this order. */
const INVOKE = new RegExp(String.raw`^\{"type":"invoke","f":"txn","value":(\[(?:${MICRO}(?:,${MICRO})*)?\]),"process":(${NAT}),"time":(${NAT}),"index":(${NAT})\}$`);

/** A completion in the same layout, its value any JSON text (which `JSON.parse` then checks). */
const COMPLETION = new RegExp(String.raw`^\{"type":"(ok|fail|info)","f":"txn","value":(\[.*\]),"process":(${NAT}),"time":(${NAT}),"index":(${NAT})\}$`);

/** A line read exactly (integers past 2^53 as bigints). */
function exactLine(text: string): PlainOp {
  const forms = [...jsonForms(text)];
  if (forms.length !== 1 || forms[0]!.kind !== "map") throw BAIL;
  const p = plainOf(forms[0]!);
  if (p === BAIL) throw BAIL;
  return p as PlainOp;
}

/** A fraction or exponent (JSON.parse reads `1.0` as it reads `1`), or 16 digits (an integer JSON.parse may round, past 2^53): a line to read exactly. */
// Sixteen \d spelled out: V8 scans this several times faster than \d{16}.
const DIRTY = /\d[.eE]|\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/;

function bail(): never {
  throw BAIL;
}

function idOf(op: PlainOp, fallback: number): string | number {
  const d = op.index;
  // A number's digits are made only when the id is shown.
  return typeof d === "number" ? d : typeof d === "bigint" ? String(d) : `op${fallback}`;
}

function timeOf(o: PlainOp | undefined): number | undefined {
  const t = o?.time;
  return typeof t === "number" || typeof t === "bigint" ? Number(t) : undefined;
}

/** A history of one JSON operation per line read fast, or undefined when the full reader must read it (see {@link FastElle}). */
function fastElleText(text: string, edn: boolean): History | undefined {
  const reader = new FastElle();
  const clean = !DIRTY.test(text);
  const line = edn ? (l: string): boolean => reader.ednLine(l) : (l: string): boolean => reader.line(l, clean);
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", start)) {
    if (!line(text.slice(start, nl))) return undefined;
    start = nl + 1;
  }
  if (start < text.length && !line(text.slice(start))) return undefined;
  return reader.finish();
}

async function fastElleFile(file: string, edn: boolean): Promise<History | undefined> {
  const reader = new FastElle();
  try {
    if (!(await eachLine(file, edn ? (line) => reader.ednLine(line) : (line, clean) => reader.line(line, clean), edn ? undefined : DIRTY))) return undefined;
  } catch {
    return undefined;
  }
  return reader.finish();
}
