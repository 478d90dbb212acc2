import { InputError } from "../errors.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { ValueSyntaxError } from "../values/index.js";
import type { LineConsumer } from "./lines.js";
import { StateDecoder } from "./states.js";
import { inputLimits, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";

/**
 * Reads TLC's plain `-dump` output: `State <n>:`, the state's `/\ var = value`
 * lines (wrapped values continue on lines indented by spaces), a blank line.
 * Plain dumps carry no transitions, no fingerprints and no initial states.
 */
export class PlainDumpReader implements LineConsumer {
  private readonly builder = new StateGraphBuilder();
  private readonly decoder: StateDecoder;
  private entryBytes = 0;
  private readonly entries: string[] = [];
  private readonly entryLines: number[] = [];
  private stateLine = 0;
  private inState = false;
  private lastLine = 0;
  private headers = 0;
  private repeated = 0;
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
    private readonly limits: InputLimits = inputLimits(),
  ) {
    this.decoder = new StateDecoder(this.builder, limits);
  }

  line(buf: Buffer, start: number, end: number, lineNo: number): void {
    this.lastLine = lineNo;
    const text = buf.toString("utf8", start, end);
    if (text.trim() === "") {
      this.endState();
      return;
    }
    const header = /^State (\d+):\s*$/.exec(text);
    if (header) {
      this.endState();
      const n = Number(header[1]);
      const expected = ++this.headers;
      if (n !== expected) throw this.fail(lineNo, 7, `expected State ${expected}:, found State ${n}:`);
      this.inState = true;
      this.stateLine = lineNo;
      return;
    }
    if (!this.inState) throw this.fail(lineNo, 1, `expected 'State ${this.headers + 1}:', found '${shown(text, 20)}'`);
    if (text.startsWith(" ") && this.entries.length > 0) {
      // A value wrapped over lines is bounded as one line is.
      this.entryBytes += text.length + 1;
      if (this.entryBytes > this.limits.maxLineBytes) {
        throw limitError("maxLineBytes", { file: this.file, line: this.entryLines[this.entryLines.length - 1]!, column: 1 }, this.limits.maxLineBytes, " (a value wrapped over lines)");
      }
      this.entries[this.entries.length - 1] += "\n" + text;
      return;
    }
    this.entryBytes = text.length;
    this.entries.push(text);
    this.entryLines.push(lineNo);
  }

  private fail(line: number, column: number, problem: string, code = "DUMP_SYNTAX"): InputError {
    return new InputError(code, { file: this.file, line, column }, problem);
  }

  private endState(): void {
    if (!this.inState) return;
    this.inState = false;
    if (this.entries.length === 0) throw this.fail(this.stateLine + 1, 1, "expected the state's variables after 'State n:'");
    let entry = 0;
    let values;
    try {
      values = this.decoder.decode(
        this.entries,
        (i) => this.entries[i]!,
        (i) => (entry = i),
      );
    } catch (e) {
      if (e instanceof ShapeLimitError) {
        const { line, column } = positionInText(this.entries[entry]!, e.offset);
        throw limitError(e.kind, { file: this.file, line: this.entryLines[entry]! + line - 1, column }, e.limit, " (in a state variable)");
      }
      if (!(e instanceof ValueSyntaxError)) throw e;
      throw this.fail(this.entryLines[entry]! + e.line - 1, e.column, shown(e.expected, 200), "DUMP_LABEL");
    }
    if (!(values instanceof Int32Array)) {
      const line = "entry" in values ? this.entryLines[values.entry]! : this.stateLine;
      throw this.fail(line, 1, StateDecoder.explain(values, this.builder.variables), "DUMP_LABEL");
    }
    // With liveness checking TLC lists every state twice: equal states are one state.
    const key = values.join(",");
    if (this.seen.has(key)) this.repeated++;
    else {
      const id = this.builder.newState();
      this.builder.defineState(id, { values });
      this.seen.set(key, id);
    }
    this.entries.length = 0;
    this.entryLines.length = 0;
  }

  /** Finishes reading and builds the graph (states only). */
  finish(): StateGraph {
    this.endState();
    if (this.builder.stateCount === 0) {
      throw this.fail(Math.max(this.lastLine, 1), 1, "expected 'State 1:', found no states", "DUMP_NO_STATES");
    }
    if (this.repeated > 0) {
      this.warn(`${this.repeated} states are listed more than once (TLC does so when checking liveness); each is read once`);
    }
    return this.builder.build();
  }
}
