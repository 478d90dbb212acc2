/**
 * Reading recorded histories: tlabridge's JSON document, and Elle-style
 * operation histories (Jepsen's read-write register and list-append
 * workloads, as a JSON array or one JSON object per line).
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { jsonPosition, type JsonPath } from "../util/json-position.js";
import type { History, HistoryValue, Operation, Transaction, TransactionStatus } from "./history.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = JsonPath;

/** Reads a history file; bad input raises an {@link InputError} with file:line:col. */
export async function readHistory(file: string): Promise<History> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new InputError("HISTORY_UNREADABLE", { file, line: 1, column: 1 }, `cannot read the history (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path.`);
  }
  return parseHistory(text, file);
}

/** Parses a history document (see {@link readHistory}). */
export function parseHistory(text: string, file = "<history>"): History {
  const fail = (path: Path, problem: string): never => {
    throw new InputError("HISTORY_FORMAT", { file, ...jsonPosition(text, path) }, `${path.length ? `${formatPath(path)}: ` : ""}${problem}`);
  };
  let json: Json;
  try {
    json = JSON.parse(text) as Json;
  } catch (e) {
    // One JSON object per line: Elle's history as NDJSON (when its first line is a whole object).
    const lines = text.split("\n");
    const firstLine = lines.find((l) => l.trim() !== "") ?? "";
    if (lines.filter((l) => l.trim() !== "").length > 1 && isObject(tryParse(firstLine))) {
      const ops: Json[] = [];
      for (const [i, line] of lines.entries()) {
        if (line.trim() === "") continue;
        try {
          ops.push(JSON.parse(line) as Json);
        } catch (err) {
          throw new InputError("HISTORY_SYNTAX", { file, line: i + 1, column: 1 }, `expected one JSON object per line (${(err as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
        }
      }
      return fromElle(ops, (index, problem) => {
        let seen = -1;
        const line = lines.findIndex((l) => l.trim() !== "" && ++seen === index);
        throw new InputError("HISTORY_FORMAT", { file, line: line + 1, column: 1 }, problem);
      });
    }
    const at = jsonPosition(text);
    throw new InputError("HISTORY_SYNTAX", { file, ...at }, `expected a JSON history (${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
  }
  if (Array.isArray(json) && json.length > 0 && isObject(json[0]) && "type" in json[0] && !("ops" in json[0]))
    return fromElle(json, (index, problem) => fail([index], problem));
  const doc = Array.isArray(json) ? { transactions: json } : json;
  if (!isObject(doc) || !Array.isArray(doc.transactions))
    return fail([], 'expected a list of transactions, an object {"transactions": [...], "versionOrder": {...}}, or an Elle history (a list of operations with "type", "f" and "value")');
  const ids = new Set<string>();
  const transactions = doc.transactions.map((t, i): Transaction => {
    const at: Path = Array.isArray(json) ? [i] : ["transactions", i];
    if (!isObject(t)) return fail(at, 'expected a transaction {"id": ..., "ops": [...]}');
    const id = typeof t.id === "string" || typeof t.id === "number" ? String(t.id) : fail([...at, "id"], "expected the transaction's id, a string or number");
    if (ids.has(id)) fail([...at, "id"], `transaction ${id} appears twice; give each transaction its own id`);
    ids.add(id);
    if (!Array.isArray(t.ops)) return fail([...at, "ops"], 'expected "ops": a list of operations such as ["r", "x", 1] or ["w", "x", 2]');
    const ops = t.ops.map((o, j) => operation(o, (problem) => fail([...at, "ops", j], problem)));
    const status = t.status ?? "committed";
    if (status !== "committed" && status !== "aborted" && status !== "unknown") fail([...at, "status"], 'expected "committed", "aborted" or "unknown"');
    const num = (f: "start" | "end"): number | undefined =>
      t[f] === undefined ? undefined : typeof t[f] === "number" ? t[f] : fail([...at, f], `expected a number (a time on one clock)`);
    const [start, end] = [num("start"), num("end")];
    if (start !== undefined && end !== undefined && end < start) fail([...at, "end"], `ends (${end}) before it starts (${start}); give both times on one clock`);
    const session = t.session === undefined ? undefined : typeof t.session === "string" || typeof t.session === "number" ? String(t.session) : fail([...at, "session"], "expected a string or number");
    return { id, ops, status: status as TransactionStatus, session, start, end };
  });
  let versionOrder: Record<string, HistoryValue[]> | undefined;
  if (!Array.isArray(json) && json && isObject(json) && json.versionOrder !== undefined) {
    const vo = json.versionOrder;
    if (!isObject(vo)) return fail(["versionOrder"], "expected an object mapping each key to the list of values it took, in order");
    versionOrder = {};
    for (const [k, list] of Object.entries(vo)) {
      if (!Array.isArray(list) || !list.every(isScalar)) return fail(["versionOrder", k], "expected a list of the values the key took, in order");
      versionOrder[k] = list as HistoryValue[];
    }
  }
  return { transactions, versionOrder };
}

function operation(o: Json, fail: (problem: string) => never): Operation {
  const [f, key, value] = Array.isArray(o) ? o : isObject(o) ? [o.type ?? o.op, o.key, o.value] : [];
  const type = f === "r" || f === "read" ? "r" : f === "w" || f === "write" ? "w" : undefined;
  if (!type) return fail('expected an operation: ["r", key, value] or ["w", key, value]');
  if (typeof key !== "string" && typeof key !== "number") return fail("expected the key, a string or number");
  if (!isScalar(value)) return fail("expected the value: a string, a number, or null for the initial value");
  return { type, key: String(key), value };
}

/**
 * An Elle history: invocations and completions of `txn` operations by
 * processes. `ok` commits, `fail` aborts, `info` (or no completion) is
 * unknown. List-append reads give each key's version order.
 */
function fromElle(ops: readonly Json[], fail: (index: number, problem: string) => never): History {
  const pending = new Map<string, { index: number; op: { [k: string]: Json } }>();
  const transactions: Transaction[] = [];
  const longest = new Map<string, HistoryValue[]>();
  let listAppend = false;
  const micro = (value: Json, index: number, status: TransactionStatus): Operation[] => {
    if (!Array.isArray(value)) return fail(index, 'expected "value": a list of micro-operations such as ["r", "x", 1], ["w", "x", 2] or ["append", "x", 3]');
    const out: Operation[] = [];
    for (const m of value) {
      if (!Array.isArray(m) || m.length !== 3 || typeof m[1] === "object") fail(index, `expected a micro-operation [f, key, value], not ${JSON.stringify(m)}`);
      const [f, k, v] = m as [Json, string | number, Json];
      const key = String(k);
      if (f === "append") {
        listAppend = true;
        if (!isScalar(v)) fail(index, `expected an appended value, not ${JSON.stringify(v)}`);
        out.push({ type: "w", key, value: v as HistoryValue });
      } else if (f === "w") {
        if (!isScalar(v)) fail(index, `expected a written value, not ${JSON.stringify(v)}`);
        out.push({ type: "w", key, value: v as HistoryValue });
      } else if (f === "r") {
        if (status !== "committed" && v === null) continue; // an unknown read
        if (Array.isArray(v)) {
          listAppend = true;
          if (!v.every(isScalar)) fail(index, `expected a list of values read, not ${JSON.stringify(v)}`);
          const list = v as HistoryValue[];
          if (list.length > (longest.get(key)?.length ?? 0)) longest.set(key, list);
          out.push({ type: "r", key, value: list.length === 0 ? null : list[list.length - 1]!, list });
        } else if (isScalar(v)) out.push({ type: "r", key, value: v });
        else fail(index, `expected a value read, not ${JSON.stringify(v)}`);
      } else fail(index, `expected a micro-operation "r", "w" or "append", not ${JSON.stringify(f)}`);
    }
    return out;
  };
  ops.forEach((op, index) => {
    if (!isObject(op) || typeof op.type !== "string") return fail(index, 'expected an operation {"type": "invoke" | "ok" | "fail" | "info", "process": ..., "value": [...]}');
    if (op.f !== undefined && op.f !== "txn") return; // not a transaction (nemesis, etc.)
    const process = String(op.process ?? "");
    if (op.type === "invoke") {
      pending.set(process, { index, op });
      return;
    }
    const invoked = pending.get(process);
    pending.delete(process);
    const status: TransactionStatus = op.type === "ok" ? "committed" : op.type === "fail" ? "aborted" : op.type === "info" ? "unknown" : fail(index, `expected "type" invoke, ok, fail or info, not ${JSON.stringify(op.type)}`);
    const value = status === "committed" ? op.value : (invoked?.op.value ?? op.value);
    transactions.push({
      id: String(invoked?.op.index ?? op.index ?? `op${index}`),
      ops: micro(value ?? null, index, status),
      status,
      session: process,
      start: typeof invoked?.op.time === "number" ? invoked.op.time : undefined,
      end: typeof op.time === "number" && status === "committed" ? op.time : undefined,
    });
  });
  for (const { index, op } of pending.values())
    transactions.push({ id: String(op.index ?? `op${index}`), ops: micro(op.value ?? null, index, "unknown"), status: "unknown", session: String(op.process ?? "") });
  return { transactions, versionOrder: listAppend ? Object.fromEntries(longest) : undefined };
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

function tryParse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(j: Json | undefined): j is { [k: string]: Json } {
  return typeof j === "object" && j !== null && !Array.isArray(j);
}

function isScalar(j: Json | undefined): j is string | number | null {
  return j === null || typeof j === "string" || typeof j === "number";
}

function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}
