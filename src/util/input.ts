/**
 * The one way tlabridge reads a user's input file: opened once, its kind
 * checked before anything blocks (a folder, FIFO, socket or device is
 * refused), gzip told by its magic bytes and inflated up to a limit, split
 * into lines of bounded length without concatenating chunks again and
 * again, NUL bytes and invalid UTF-8 refused with their line, and a leading
 * byte-order mark skipped. Every failure is a {@link TlabridgeError} with
 * exit code 2 that says what to do.
 *
 * @module
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { constants as bufferConstants, isUtf8 } from "node:buffer";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError, TlabridgeError } from "../errors.js";
import { formatLimit, limitError, limitsWith, type InputLimits } from "./limits.js";

/** How a reader describes its input, for messages. */
export interface InputKind {
  /** What the file should be, with its article: `a TLC dump`, `an NDJSON log`. */
  readonly noun: string;
  /** Prefix of the codes for bad content: `DUMP` gives `DUMP_BINARY`, `DUMP_ENCODING`, `DUMP_TRUNCATED`. */
  readonly codePrefix: string;
  /** Where the path came from, for a missing file: ` given to --mapping` (with its leading space). */
  readonly pathHint?: string;
}

/** Options for {@link readInputLines} and {@link readInputText}. */
export interface ReadInputOptions {
  /** Limits that differ from the ones in force. */
  readonly limits?: Partial<InputLimits>;
  /** Called now and then (every 8 MiB of file read) while reading. */
  readonly onProgress?: (progress: InputProgress) => void;
}

/** How far reading has come, for progress lines. */
export interface InputProgress {
  /** Bytes of the file read so far (compressed bytes for a gzipped file). */
  readonly bytesRead: number;
  /** Size of the file in bytes. */
  readonly totalBytes: number;
  /** Lines delivered so far. */
  readonly lines: number;
}

/**
 * Receives the lines of an input, without their terminators, as byte ranges
 * of a buffer that is only valid during the call.
 */
export interface InputLineConsumer {
  /**
   * One line: bytes `buf[start, end)`, 1-based `lineNo`; `unterminated` for
   * a last line without a newline (a log torn mid-write, say).
   */
  line(buf: Buffer, start: number, end: number, lineNo: number, unterminated: boolean): void;
}

/** An input file opened and checked to be a regular file. */
export interface OpenedInput {
  /** The path as given, for messages. */
  readonly path: string;
  /** The one open handle: everything is read through it. */
  readonly handle: FileHandle;
  /** Its size on disk in bytes. */
  readonly size: number;
  /** Whether it starts with gzip's magic bytes (then it is inflated as it is read). */
  readonly gzipped: boolean;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const BOM = [0xef, 0xbb, 0xbf] as const;
/** V8 holds no string longer than this (about 2^29 characters): whole-file documents stay below. */
export const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

function kindOf(info: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isDirectory()) return "a folder";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "not a regular file";
}

/** The error an `open` failure gives, by its errno code. */
function openError(path: string, e: unknown, kind: InputKind): TlabridgeError {
  const code = (e as NodeJS.ErrnoException).code;
  const hint = kind.pathHint ?? "";
  switch (code) {
    case "ENOENT":
    case "ENOTDIR":
      return new TlabridgeError("INPUT_NOT_FOUND", `${path} does not exist: check the path${hint}.`);
    case "EACCES":
    case "EPERM":
      return new TlabridgeError("INPUT_UNREADABLE", `${path} cannot be read (permission denied): make it readable (chmod u+r) or read a copy.`);
    case "EISDIR":
      return new TlabridgeError("INPUT_IS_DIRECTORY", `${path} is a folder: name ${kind.noun} file instead.`);
    case "ENXIO":
      return new TlabridgeError("INPUT_NOT_A_FILE", `${path} is a socket, not a regular file: save ${kind.noun} to a file and name that.`);
    case "ELOOP":
      return new TlabridgeError("INPUT_UNREADABLE", `${path} is a loop of symbolic links: name the file itself.`);
    case "ENAMETOOLONG":
      return new TlabridgeError("INPUT_NOT_FOUND", `${path.slice(0, 80)}... is a path too long for the system: check the path${hint}.`);
    default:
      return new TlabridgeError("INPUT_UNREADABLE", `${path} cannot be read (${code ?? String(e)}): check that it is a readable file.`);
  }
}

/**
 * Opens an input file once, without blocking (a FIFO with no writer is
 * refused, not waited on), and checks that it is a regular file.
 */
export async function openInputFile(path: string, kind: InputKind): Promise<OpenedInput> {
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is then refused by its kind.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw openError(path, e, kind);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new TlabridgeError("INPUT_IS_DIRECTORY", `${path} is a folder: name ${kind.noun} file instead.`);
    if (!info.isFile()) throw new TlabridgeError("INPUT_NOT_A_FILE", `${path} is ${kindOf(info)}, not a regular file: save ${kind.noun} to a file and name that.`);
    const head = Buffer.alloc(2);
    const { bytesRead } = info.size >= 2 ? await handle.read(head, 0, 2, 0) : { bytesRead: 0 };
    return { path, handle, size: info.size, gzipped: bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1] };
  } catch (e) {
    await handle.close();
    if (e instanceof TlabridgeError) throw e;
    throw openError(path, e, kind);
  }
}

/** Column (1-based, code points) of byte offset `at` within the line starting at `start`. */
export function columnAt(buf: Buffer, start: number, at: number): number {
  return [...buf.toString("utf8", start, at)].length + 1;
}

function firstInvalidUtf8(buf: Buffer, start: number, end: number): number {
  // Only runs on the way to an error: a plain scan of lead and continuation bytes.
  let p = start;
  while (p < end) {
    const b = buf[p]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || p + len > end) return p;
    for (let i = 1; i < len; i++) if ((buf[p + i]! & 0xc0) !== 0x80) return p;
    if (!isUtf8(buf.subarray(p, p + len))) return p;
    p += len;
  }
  return start;
}

/**
 * Streams an input file line by line into `consumer`, holding one chunk and
 * one line at a time, within the limits: a line longer than `maxLineBytes`
 * is refused as soon as that many bytes are pending (its chunks are joined
 * once, when its newline arrives), and reading stops after `maxInputBytes`
 * (inflated bytes for gzip). A leading UTF-8 byte-order mark is skipped.
 * Returns the number of lines.
 */
export async function readInputLines(path: string, kind: InputKind, consumer: InputLineConsumer, options: ReadInputOptions = {}): Promise<number> {
  const limits = limitsWith(options.limits);
  const input = await openInputFile(path, kind);
  const { maxLineBytes, maxInputBytes } = limits;
  const prefix = kind.codePrefix;
  if (!input.gzipped && input.size > maxInputBytes) {
    await input.handle.close();
    throw limitError("maxInputBytes", path, maxInputBytes, ` (the file has ${formatLimit("maxInputBytes", input.size)})`);
  }
  const file = input.handle.createReadStream({ highWaterMark: 1 << 20, start: 0, autoClose: false });
  const gunzip = input.gzipped ? createGunzip({ chunkSize: 1 << 18 }) : undefined;
  const stream: Readable = gunzip ? file.pipe(gunzip) : file;
  if (gunzip) file.on("error", (e) => gunzip.destroy(e));

  // The line being assembled from chunks that held no newline: joined once, at its end.
  const parts: Buffer[] = [];
  let pendingBytes = 0;
  let lineNo = 0;
  let inflated = 0;
  let first = true;
  let nextProgress = 8 << 20;

  const tooLong = (): TlabridgeError => limitError("maxLineBytes", { file: path, line: lineNo + 1, column: 1 }, maxLineBytes);
  const checkText = (buf: Buffer, from: number, to: number): void => {
    // The complete lines in one native call; the culprit is found only on failure.
    if (isUtf8(buf.subarray(from, to))) return;
    let s = from;
    let n = lineNo;
    while (s < to) {
      let e = buf.indexOf(10, s);
      if (e < 0 || e > to) e = to;
      n++;
      if (!isUtf8(buf.subarray(s, e))) {
        const bad = firstInvalidUtf8(buf, s, e);
        throw new InputError(`${prefix}_ENCODING`, { file: path, line: n, column: columnAt(buf, s, bad) }, `expected UTF-8 text, found an invalid byte sequence (is this ${kind.noun}?)`);
      }
      s = e + 1;
    }
  };
  const deliver = (buf: Buffer, from: number, to: number, unterminated: boolean): void => {
    checkText(buf, from, to);
    let s = from;
    while (s < to) {
      let e = buf.indexOf(10, s);
      if (e < 0 || e > to) e = to;
      if (e - s > maxLineBytes) throw tooLong();
      lineNo++;
      consumer.line(buf, s, e > s && buf[e - 1] === 13 ? e - 1 : e, lineNo, unterminated);
      s = e + 1;
    }
  };
  const binary = (chunk: Buffer, at: number): InputError => {
    let line = lineNo + 1;
    let column = pendingBytes + at + 1;
    for (let i = chunk.indexOf(10); i >= 0 && i < at; i = chunk.indexOf(10, i + 1)) {
      line++;
      column = at - i;
    }
    return new InputError(`${prefix}_BINARY`, { file: path, line, column }, `expected text, found a NUL byte: this is a binary file, not ${kind.noun}`);
  };

  try {
    for await (let chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > maxInputBytes) {
        throw limitError("maxInputBytes", path, maxInputBytes, ` (inflated from ${formatLimit("maxInputBytes", file.bytesRead)} of gzip; stopped there)`);
      }
      if (first) {
        first = false;
        if (chunk.length >= 3 && chunk[0] === BOM[0] && chunk[1] === BOM[1] && chunk[2] === BOM[2]) chunk = chunk.subarray(3);
      }
      const nul = chunk.indexOf(0);
      if (nul >= 0) throw binary(chunk, nul);
      let from = 0;
      if (parts.length > 0) {
        const newline = chunk.indexOf(10);
        if (newline < 0) {
          parts.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes > maxLineBytes) throw tooLong();
          continue;
        }
        if (pendingBytes + newline > maxLineBytes) throw tooLong();
        parts.push(chunk.subarray(0, newline + 1));
        const joined = Buffer.concat(parts, pendingBytes + newline + 1);
        parts.length = 0;
        pendingBytes = 0;
        deliver(joined, 0, joined.length - 1, false);
        from = newline + 1;
      }
      const last = chunk.lastIndexOf(10);
      if (last >= from) {
        deliver(chunk, from, last, false);
        from = last + 1;
      }
      if (from < chunk.length) {
        parts.push(chunk.subarray(from));
        pendingBytes += chunk.length - from;
        if (pendingBytes > maxLineBytes) throw tooLong();
      }
      if (options.onProgress && file.bytesRead >= nextProgress) {
        nextProgress = file.bytesRead + (8 << 20);
        options.onProgress({ bytesRead: file.bytesRead, totalBytes: input.size, lines: lineNo });
      }
    }
  } catch (e) {
    if (e instanceof TlabridgeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || /unexpected end of file/i.test(String(e))) {
      throw new InputError(`${prefix}_TRUNCATED`, { file: path, line: lineNo + 1, column: 1 }, "expected more gzip data: the compressed file is truncated or corrupt");
    }
    if (code === "EISDIR" || code === "EACCES" || code === "EIO") throw openError(path, e, kind);
    throw e;
  } finally {
    stream.destroy();
    file.destroy();
    await input.handle.close().catch(() => {});
  }
  if (parts.length > 0) {
    const joined = Buffer.concat(parts, pendingBytes);
    deliver(joined, 0, joined.length, true);
  }
  return lineNo;
}

/** A whole input file as text, with its line count. */
export interface InputText {
  /** The text, line ends as `\n`, a leading byte-order mark removed. */
  readonly text: string;
  /** Lines read. */
  readonly lines: number;
}

/**
 * Reads a whole input file (a JSON document, a spec) as text through
 * {@link readInputLines}: the same checks and limits, and at most 512 MiB,
 * the most a string can hold. Line ends become `\n`.
 */
export async function readInputText(path: string, kind: InputKind, options: ReadInputOptions = {}): Promise<InputText> {
  const parts: Buffer[] = [];
  let bytes = 0;
  const lines = await readInputLines(
    path,
    kind,
    {
      line(buf, start, end) {
        bytes += end - start + 1;
        if (bytes > MAX_TEXT_BYTES) throw limitError("maxInputBytes", path, MAX_TEXT_BYTES, ` (${kind.noun} is read whole, and that is the most a string can hold)`);
        parts.push(Buffer.from(buf.subarray(start, end)), NEWLINE);
      },
    },
    options,
  );
  if (parts.length > 0) parts.pop(); // no newline after the last line: the text as written, without its final terminator
  return { text: Buffer.concat(parts).toString("utf8"), lines };
}

const NEWLINE = Buffer.from("\n");

