import { createReadStream, type ReadStream } from "node:fs";
import { stat, open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { pipeline } from "node:stream";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError, TlabridgeError } from "../errors.js";

/**
 * Receives the lines of an input, without their line terminators, as byte
 * ranges of a buffer that is only valid during the call.
 */
export interface LineConsumer {
  /** One line: bytes `buf[start, end)`, 1-based `lineNo`. */
  line(buf: Buffer, start: number, end: number, lineNo: number): void;
}

/** How far reading has come, for progress lines. */
export interface ReadProgress {
  /** Bytes of the file read so far (compressed bytes for a gzipped file). */
  readonly bytesRead: number;
  /** Size of the file in bytes. */
  readonly totalBytes: number;
  /** Lines delivered so far. */
  readonly lines: number;
}

/** Options for {@link readLines}. */
export interface ReadLinesOptions {
  /** Called now and then (every 8 MiB of file read) while reading. */
  readonly onProgress?: (progress: ReadProgress) => void;
}

const MAX_LINE_BYTES = 256 * 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether a file starts with the gzip magic bytes. */
async function isGzipped(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** Column (1-based, code points) of byte offset `at` within the line `buf[start, end)`. */
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

/** Opens a file for reading, turning a missing or unreadable file into a clear error. */
export async function openInput(path: string): Promise<{ stream: Readable; file: ReadStream; totalBytes: number; gzipped: boolean }> {
  let totalBytes: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new TlabridgeError("INPUT_IS_DIRECTORY", `${path} is a directory: name a dump file instead.`);
    totalBytes = info.size;
  } catch (e) {
    if (e instanceof TlabridgeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new TlabridgeError("INPUT_NOT_FOUND", `${path} does not exist: check the path.`);
    throw new TlabridgeError("INPUT_UNREADABLE", `${path} cannot be read (${code ?? String(e)}): check its permissions.`);
  }
  const gzipped = totalBytes >= 2 && (await isGzipped(path));
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzipped ? pipeline(file, createGunzip({ chunkSize: 1 << 18 }), () => {}) : file;
  return { stream, file, totalBytes, gzipped };
}

/**
 * Streams a file (gzipped or not, told by its magic bytes) line by line into
 * `consumer`, never holding more than one chunk and one line in memory.
 * Rejects NUL bytes (binary input) and invalid UTF-8 with the line and column.
 * Returns the number of lines.
 */
export async function readLines(path: string, consumer: LineConsumer, options: ReadLinesOptions = {}): Promise<number> {
  const { stream, file, totalBytes } = await openInput(path);
  let leftover: Buffer | null = null;
  let lineNo = 0;
  let bytesRead = 0;
  let nextProgress = 8 << 20;

  const deliver = (buf: Buffer, from: number, to: number): void => {
    // Validate the complete lines in one native call; find the culprit only on failure.
    if (!isUtf8(buf.subarray(from, to))) {
      let s = from;
      let n = lineNo;
      while (s < to) {
        let e = buf.indexOf(10, s);
        if (e < 0 || e > to) e = to;
        n++;
        if (!isUtf8(buf.subarray(s, e))) {
          const bad = firstInvalidUtf8(buf, s, e);
          throw new InputError("DUMP_ENCODING", { file: path, line: n, column: columnAt(buf, s, bad) }, "expected UTF-8 text, found an invalid byte sequence (is this a TLC dump?)");
        }
        s = e + 1;
      }
    }
    let s = from;
    while (s < to) {
      let e = buf.indexOf(10, s);
      if (e < 0 || e > to) e = to;
      lineNo++;
      consumer.line(buf, s, e > s && buf[e - 1] === 13 ? e - 1 : e, lineNo);
      s = e + 1;
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        const buf = leftover ? Buffer.concat([leftover, chunk]) : chunk;
        const at = buf.indexOf(0);
        let line = lineNo + 1;
        let lineStart = 0;
        for (let i = buf.indexOf(10); i >= 0 && i < at; i = buf.indexOf(10, i + 1)) {
          line++;
          lineStart = i + 1;
        }
        throw new InputError("DUMP_BINARY", { file: path, line, column: at - lineStart + 1 }, "expected text, found a NUL byte: this is a binary file, not a TLC dump");
      }
      const buf: Buffer = leftover ? Buffer.concat([leftover, chunk]) : chunk;
      const lastNewline = buf.lastIndexOf(10);
      if (lastNewline < 0) {
        if (buf.length > MAX_LINE_BYTES) {
          throw new InputError("DUMP_LINE_TOO_LONG", { file: path, line: lineNo + 1, column: 1 }, `expected lines shorter than ${MAX_LINE_BYTES >> 20} MiB: this is not a TLC dump`);
        }
        leftover = buf;
      } else {
        deliver(buf, 0, lastNewline + 1);
        leftover = lastNewline + 1 < buf.length ? buf.subarray(lastNewline + 1) : null;
      }
      bytesRead = file.bytesRead;
      if (options.onProgress && bytesRead >= nextProgress) {
        nextProgress = bytesRead + (8 << 20);
        options.onProgress({ bytesRead, totalBytes, lines: lineNo });
      }
    }
  } catch (e) {
    if (e instanceof TlabridgeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || /unexpected end of file/i.test(String(e))) {
      throw new InputError("DUMP_TRUNCATED", { file: path, line: lineNo + 1, column: 1 }, "expected more gzip data: the compressed file is truncated or corrupt");
    }
    throw e;
  } finally {
    stream.destroy();
  }
  if (leftover && leftover.length > 0) deliver(leftover, 0, leftover.length);
  return lineNo;
}
