import type { InputLimits } from "../util/limits.js";
import { readInputLines, type InputKind, type InputProgress } from "../util/input.js";

export { columnAt } from "../util/input.js";

/**
 * Receives the lines of an input, without their line terminators, as byte
 * ranges of a buffer that is only valid during the call.
 */
export interface LineConsumer {
  /** One line: bytes `buf[start, end)`, 1-based `lineNo`. */
  line(buf: Buffer, start: number, end: number, lineNo: number): void;
}

/** How far reading has come, for progress lines. */
export type ReadProgress = InputProgress;

/** Options for {@link readLines}. */
export interface ReadLinesOptions {
  /** Called now and then (every 8 MiB of file read) while reading. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Limits that differ from the ones in force (see {@link InputLimits}). */
  readonly limits?: Partial<InputLimits>;
}

/** What a dump is, for the input layer's messages and codes. */
export const DUMP_INPUT: InputKind = { noun: "a TLC dump", codePrefix: "DUMP" };

/**
 * Streams a dump (gzipped or not, told by its magic bytes) line by line into
 * `consumer` through the input layer (src/util/input.ts): a regular file,
 * lines and inflated bytes within the limits, no NUL bytes, UTF-8.
 * Returns the number of lines.
 */
export async function readLines(path: string, consumer: LineConsumer, options: ReadLinesOptions = {}): Promise<number> {
  return readInputLines(path, DUMP_INPUT, consumer, options);
}
