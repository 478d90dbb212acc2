import { InputError } from "../errors.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { FALSE, TRUE, int, recordOf, seq, str, type Value } from "../values/index.js";
import type { LineConsumer } from "./lines.js";
import { MAX_TEXT_BYTES } from "../util/input.js";
import { checkJsonShape, inputLimits, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";

/** Largest trace file read (traces are counterexamples: short behaviours): the most one string holds. */
const MAX_TRACE_BYTES = MAX_TEXT_BYTES;

/**
 * Reads TLC's `-dumpTrace json` output into a graph of the trace: one state
 * per distinct trace state, one transition per step, the first state initial.
 * TLC's JSON form is lossy: sets and sequences both become arrays (read as
 * sequences), model values become strings and functions become records.
 */
export class TraceJsonReader implements LineConsumer {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private readonly lineStarts: number[] = [];

  constructor(
    private readonly file: string,
    private readonly limits: InputLimits = inputLimits(),
  ) {}

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    this.bytes += end - start + 1;
    if (this.bytes > MAX_TRACE_BYTES) {
      throw new InputError("DUMP_TOO_LARGE", { file: this.file, line: lineNo, column: 1 }, `expected a trace of at most ${Math.floor(MAX_TRACE_BYTES / 2 ** 20)} MiB of JSON (it is read whole)`);
    }
    this.lineStarts.push(this.bytes - (end - start + 1));
    this.chunks.push(Buffer.from(buf.subarray(start, end)), Buffer.from("\n"));
  }

  private at(offset: number, problem: string, code = "DUMP_SYNTAX"): InputError {
    let line = 0;
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1]! <= offset) line++;
    return new InputError(code, { file: this.file, line: line + 1, column: offset - (this.lineStarts[line] ?? 0) + 1 }, problem);
  }

  /** Parses the JSON and builds the trace's graph. */
  finish(): StateGraph {
    const text = Buffer.concat(this.chunks).toString("utf8");
    let doc: unknown;
    try {
      // Elements and depth first: JSON.parse and the recursive reading below must not exhaust the heap or the stack.
      checkJsonShape(text, this.limits);
      doc = JSON.parse(text);
    } catch (e) {
      if (e instanceof ShapeLimitError) throw limitError(e.kind, { file: this.file, ...positionInText(text, e.offset) }, e.limit);
      const m = /position (\d+)/.exec(String(e));
      const offset = m ? Number(m[1]) : text.length;
      throw this.at(offset, `expected valid JSON (${String((e as Error).message).replace(/ in JSON at position \d+.*$/, "")})`);
    }
    // Paths hold the trace's own keys: escaped onto the message's line.
    const problem = (where: string, what: string): InputError => this.at(0, `expected ${shown(what, 120)} at ${shown(where, 120)} of a -dumpTrace json file`, "DUMP_TRACE");
    if (typeof doc !== "object" || doc === null || !("counterexample" in doc)) throw problem("the top level", 'an object with "counterexample"');
    const { counterexample, vars } = doc as { counterexample: unknown; vars?: unknown };
    if (typeof counterexample !== "object" || counterexample === null) throw problem("counterexample", "an object");
    const { state, action } = counterexample as { state?: unknown; action?: unknown };
    if (!Array.isArray(state) || state.length === 0) throw problem("counterexample.state", "a non-empty array of [index, state] pairs");
    const builder = new StateGraphBuilder();
    const first = Array.isArray(state[0]) ? (state[0] as unknown[])[1] : undefined;
    if (!Array.isArray(vars) && (typeof first !== "object" || first === null)) throw problem("counterexample.state[0]", "an [index, {variable: value}] pair");
    const names = Array.isArray(vars) ? vars.map(String) : Object.keys(first as object);
    builder.setVariables(names);
    const byIndex = new Map<number, number>();
    const byValues = new Map<string, number>();
    const defineState = (pair: unknown, where: string): number => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "number" || typeof pair[1] !== "object" || pair[1] === null) {
        throw problem(where, "an [index, {variable: value}] pair");
      }
      const [index, vals] = pair as [number, Record<string, unknown>];
      const values = names.map((n) => {
        if (!Object.hasOwn(vals, n)) throw problem(`${where}[1]`, `a value for variable ${n}`);
        return builder.valueId(fromTraceJson(vals[n], `${where}[1].${n}`, problem));
      });
      // A lasso returns to an earlier state: equal states are one state.
      const key = values.join(",");
      const known = byIndex.get(index);
      if (known !== undefined) {
        // The same index again must be the same state: another is an edited or joined trace, not to be merged silently.
        if (byValues.get(key) !== known) throw problem(where, `the state that index ${index} names elsewhere in the trace (the same index with other values)`);
        return known;
      }
      let id = byValues.get(key);
      if (id === undefined) {
        id = builder.newState();
        builder.defineState(id, { values, initial: id === 0 });
        byValues.set(key, id);
      }
      byIndex.set(index, id);
      return id;
    };
    state.forEach((pair, i) => defineState(pair, `counterexample.state[${i}]`));
    (Array.isArray(action) ? action : []).forEach((step: unknown, i) => {
      const where = `counterexample.action[${i}]`;
      if (!Array.isArray(step) || step.length !== 3) throw problem(where, "a [from, action, to] triple");
      const from = defineState(step[0], `${where}[0]`);
      const to = defineState(step[2], `${where}[2]`);
      const info = step[1] as { name?: unknown; context?: Record<string, unknown>; parameters?: unknown };
      if (typeof info !== "object" || info === null || typeof info.name !== "string") throw problem(`${where}[1]`, 'an object with a "name"');
      const context = typeof info.context === "object" && info.context !== null ? info.context : {};
      const params = Array.isArray(info.parameters) ? info.parameters.map(String) : Object.keys(context);
      // Own fields only: a parameter named constructor or toString is not Object's.
      const args = params.map((p) => fromTraceJson(Object.hasOwn(context, p) ? context[p] : undefined, `${where}[1].context.${p}`, problem));
      builder.addTransition(from, to, builder.actionId(info.name, args, params));
    });
    return builder.build();
  }
}

function fromTraceJson(json: unknown, where: string, problem: (where: string, what: string) => Error): Value {
  if (typeof json === "boolean") return json ? TRUE : FALSE;
  if (typeof json === "number" && Number.isSafeInteger(json)) return int(json);
  if (typeof json === "string") return str(json);
  if (Array.isArray(json)) return seq(json.map((e, i) => fromTraceJson(e, `${where}[${i}]`, problem)));
  if (typeof json === "object" && json !== null) {
    // No prototype: a field named __proto__ is a field like any other.
    const out: Record<string, Value> = Object.create(null) as Record<string, Value>;
    for (const [k, v] of Object.entries(json)) out[k] = fromTraceJson(v, `${where}.${k}`, problem);
    return recordOf(out);
  }
  throw problem(where, "a boolean, integer, string, array or object");
}
