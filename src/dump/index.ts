/**
 * Readers for what TLC writes: `-dump dot` state graphs, plain `-dump` state
 * lists and `-dumpTrace json` traces, gzipped or not, streamed line by line.
 *
 * @module
 */
import { InputError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import { DotReader } from "./dot.js";
import { readLines, type LineConsumer, type ReadProgress } from "./lines.js";
import { PlainDumpReader } from "./plain.js";
import { TraceJsonReader } from "./trace-json.js";
import { limitsWith, type InputLimits } from "../util/limits.js";

export { DotReader, unescapeDot } from "./dot.js";
export { PlainDumpReader } from "./plain.js";
export { TraceJsonReader } from "./trace-json.js";
export { readLines, DUMP_INPUT } from "./lines.js";
export { writeDot } from "./dot-writer.js";
export type { LineConsumer, ReadProgress } from "./lines.js";

/** The kinds of TLC output {@link readStateGraph} understands. */
export type DumpFormat = "dot" | "plain" | "trace-json";

/** Options for {@link readStateGraph}. */
export interface ReadOptions {
  /** Called with non-fatal findings (for example, that the model has an ALIAS). */
  readonly onWarning?: (message: string) => void;
  /** Called now and then while reading a large file. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Limits that differ from the ones in force (src/util/limits.ts: line length, inflated bytes, elements, depth). */
  readonly limits?: Partial<InputLimits>;
}

/** A graph read from a file, with what it was read from. */
export interface ReadResult {
  readonly graph: StateGraph;
  readonly format: DumpFormat;
  /** Lines read. */
  readonly lines: number;
}

type Reader = LineConsumer & { finish(): StateGraph };

/**
 * Reads a TLC dump into a {@link StateGraph}, telling the format from the
 * first line. Throws {@link InputError} with `file:line:col` for bad input.
 */
export async function readStateGraph(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  let reader: Reader | undefined;
  let format: DumpFormat | undefined;
  const warn = options.onWarning ?? (() => {});
  const limits = limitsWith(options.limits);
  const sniffer: LineConsumer = {
    line(buf, start, end, lineNo) {
      if (reader === undefined) {
        const text = buf.toString("utf8", start, Math.min(end, start + 64)).trimStart();
        if (text === "") return;
        if (/^(strict\s+)?digraph\b/.test(text)) {
          format = "dot";
          reader = new DotReader(path, warn, limits);
        } else if (/^State \d+:/.test(text)) {
          format = "plain";
          reader = new PlainDumpReader(path, warn, limits);
          warn("a plain dump lists states only: it has no transitions and does not mark initial states; use -dump dot,actionlabels for the graph");
        } else if (text.startsWith("{")) {
          format = "trace-json";
          reader = new TraceJsonReader(path, limits);
        } else if (text.startsWith("@!@!@STARTMSG")) {
          throw new InputError("DUMP_FORMAT", { file: path, line: lineNo, column: 1 }, "expected a state graph, found TLC -tool output: run TLC with -dump dot,actionlabels <file> and read that file");
        } else {
          throw new InputError(
            "DUMP_FORMAT",
            { file: path, line: lineNo, column: buf.toString("utf8", start, end).length - buf.toString("utf8", start, end).trimStart().length + 1 },
            "expected a TLC dump: 'strict digraph DiskGraph {' (-dump dot), 'State 1:' (-dump) or a JSON object (-dumpTrace json)",
          );
        }
      }
      reader.line(buf, start, end, lineNo);
    },
  };
  const lines = await readLines(path, sniffer, { onProgress: options.onProgress, limits });
  if (reader === undefined || format === undefined) {
    throw new InputError("DUMP_EMPTY", { file: path, line: Math.max(lines, 1), column: 1 }, "expected a TLC dump, found an empty file");
  }
  return { graph: reader.finish(), format, lines };
}
