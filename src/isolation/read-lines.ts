/**
 * Reading a text file a chunk at a time, as lines, so a long history need
 * not be held as one string.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";

/**
 * Calls `line` with each line of `file` (decoded as UTF-8, without its
 * `\n`), in order, until it returns false; `clean` is true when `dirty`
 * (if given) is known not to match the line (it is tested on whole chunks first). Resolves true when every line
 * was taken, false when `line` stopped early or a line is longer than
 * `maxLine` characters.
 */
export async function eachLine(file: string, line: (text: string, clean: boolean) => boolean, dirty?: RegExp, maxLine = 1 << 26): Promise<boolean> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const decoder = new StringDecoder("utf8");
  let carry = "";
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const piece = decoder.write(chunk);
      let nl = piece.indexOf("\n");
      if (nl === -1) {
        carry += piece;
        if (carry.length > maxLine) return false;
        continue;
      }
      const first = carry + piece.slice(0, nl);
      if (!line(first, !dirty?.test(first))) return false;
      const clean = !dirty?.test(piece);
      let start = nl + 1;
      for (nl = piece.indexOf("\n", start); nl !== -1; nl = piece.indexOf("\n", start)) {
        const text = piece.slice(start, nl);
        if (!line(text, clean || !dirty?.test(text))) return false;
        start = nl + 1;
      }
      carry = piece.slice(start);
      if (carry.length > maxLine) return false;
    }
    const rest = carry + decoder.end();
    return rest === "" || line(rest, !dirty?.test(rest));
  } finally {
    stream.destroy();
  }
}
