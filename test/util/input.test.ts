import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { TlabridgeError } from "../../src/errors.js";
import { readInputLines, readInputText, type InputKind } from "../../src/util/input.js";
import { checkJsonShape, checkValueShape, DEFAULT_LIMITS, ShapeLimitError, shown } from "../../src/util/limits.js";
import { byteCount } from "../../src/cli/options.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-input-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const KIND: InputKind = { noun: "a test file", codePrefix: "TEST" };

function put(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
}

async function lines(file: string, limits = {}): Promise<{ text: string; unterminated: boolean }[]> {
  const out: { text: string; unterminated: boolean }[] = [];
  await readInputLines(file, KIND, { line: (buf, s, e, _n, u) => out.push({ text: buf.toString("utf8", s, e), unterminated: u }) }, { limits });
  return out;
}

async function failure(p: Promise<unknown>): Promise<TlabridgeError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(TlabridgeError);
  return e as TlabridgeError;
}

describe("readInputLines", () => {
  it("splits lines (CRLF too), marks an unterminated last line and skips a leading BOM", async () => {
    expect(await lines(put("a.txt", "\ufeffone\r\ntwo\nthree"))).toEqual([
      { text: "one", unterminated: false },
      { text: "two", unterminated: false },
      { text: "three", unterminated: true },
    ]);
  });

  it("reads gzip transparently", async () => {
    expect((await lines(put("a.gz", gzipSync("x\ny\n")))).map((l) => l.text)).toEqual(["x", "y"]);
  });

  it("refuses a line past the limit as soon as that many bytes are pending, naming the flag", async () => {
    const e = await failure(lines(put("long.txt", "ok\n" + "a".repeat(5000) + "\n"), { maxLineBytes: 1000 }));
    expect(e.code).toBe("INPUT_LINE_TOO_LONG");
    expect(e.message).toMatch(/long\.txt:2:1: found a line longer than 1,000 bytes: raise the limit with --max-line-bytes/);
  });

  it("refuses a line at the default limit quickly (chunks are not joined again and again)", async () => {
    const file = put("default-long.txt", Buffer.alloc(DEFAULT_LIMITS.maxLineBytes + 2, 0x61));
    const started = performance.now();
    expect((await failure(lines(file))).code).toBe("INPUT_LINE_TOO_LONG");
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("stops inflating gzip at the input limit", async () => {
    const e = await failure(lines(put("bomb.gz", gzipSync(Buffer.alloc(8 << 20, 0x0a))), { maxInputBytes: 1 << 20 }));
    expect(e.code).toBe("INPUT_TOO_LARGE");
    expect(e.message).toMatch(/found more than 1 MiB of input \(inflated from .* of gzip; stopped there\): raise the limit with --max-input-bytes/);
  });

  it("refuses a plain file over the input limit before reading it", async () => {
    const e = await failure(lines(put("big.txt", "x\n".repeat(1000)), { maxInputBytes: 100 }));
    expect(e.message).toMatch(/big\.txt: found more than 100 bytes of input \(the file has 2,000 bytes\)/);
  });

  it("refuses NUL bytes and invalid UTF-8 with line and column, codes by the reader's prefix", async () => {
    expect((await failure(lines(put("nul.bin", "ab\ncd\0")))).message).toMatch(/nul\.bin:2:3: expected text, found a NUL byte: this is a binary file, not a test file/);
    expect((await failure(lines(put("nul.bin", "ab\ncd\0")))).code).toBe("TEST_BINARY");
    expect((await failure(lines(put("latin1.txt", Buffer.from([0x61, 0x0a, 0x62, 0xe9, 0x0a]))))).code).toBe("TEST_ENCODING");
  });

  it("refuses a folder, a FIFO (without waiting for a writer), a device and a missing file, exit 2", async () => {
    mkdirSync(path.join(tmp, "folder"), { recursive: true });
    const fifo = path.join(tmp, "fifo");
    execFileSync("mkfifo", [fifo]);
    const cases: [string, string][] = [
      [path.join(tmp, "folder"), "INPUT_IS_DIRECTORY"],
      [fifo, "INPUT_NOT_A_FILE"],
      ["/dev/null", "INPUT_NOT_A_FILE"],
      [path.join(tmp, "absent"), "INPUT_NOT_FOUND"],
      [path.join(tmp, "a.txt", "below-a-file"), "INPUT_NOT_FOUND"],
    ];
    for (const [file, code] of cases) {
      const e = await failure(lines(file));
      expect([e.code, e.exitCode]).toEqual([code, 2]);
    }
  });

  it("readInputText gives the whole text", async () => {
    expect((await readInputText(put("t.json", '{"a":\n 1}\n'), KIND)).text).toBe('{"a":\n 1}');
  });
});

describe("shape checks", () => {
  it("count elements through every level and nesting depth, skipping strings", () => {
    const limits = { ...DEFAULT_LIMITS, maxElements: 5, maxDepth: 3 };
    expect(() => checkJsonShape('[1,2,"[[[[,,,,,"]', limits)).not.toThrow();
    expect(() => checkJsonShape("[[[[1]]]]", limits)).toThrow(ShapeLimitError);
    expect(() => checkJsonShape("[1,2,3,4,5,6]", limits)).toThrow(/maxElements/);
    expect(() => checkValueShape('{<<1, "}}}>>">>, [a |-> 2]}', limits)).not.toThrow();
    expect(() => checkValueShape("{{<<[a |-> 1]>>}}", limits)).toThrow(/maxDepth/);
    expect(() => checkValueShape("1..1000000", limits)).not.toThrow();
  });

  it("shown puts input text on one line", () => {
    expect(shown("a\nb\r\u2028\u2029\ufeff\x1b")).toBe("a\\nb\\r\\u2028\\u2029\\ufeff\\u001b");
    expect(shown("x".repeat(50), 10)).toBe("xxxxxxxxxx...");
  });

  it("byte counts take K, M and G suffixes", () => {
    expect([byteCount("64M"), byteCount("2g"), byteCount("1024"), byteCount("1KiB")]).toEqual([64 << 20, 2 * 1024 ** 3, 1024, 1024]);
    expect(() => byteCount("0")).toThrow();
    expect(() => byteCount("12X")).toThrow();
  });
});
