/**
 * Positions in JSON texts, for error messages: where a syntax error is (the
 * messages of JSON.parse do not always say), and where the value at a path
 * of keys and indices starts.
 *
 * @module
 */

/** A path into a JSON value: object keys and array indices. */
export type JsonPath = readonly (string | number)[];

/** Where a JSON text has a syntax error, or where the value at `path` starts: line and column. */
export function jsonPosition(text: string, path?: JsonPath): { line: number; column: number } {
  return path === undefined ? lineColumn(text, syntaxErrorOffset(text)) : locate(text, path);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++, (start = i + 1);
  return { line, column: offset - start + 1 };
}

/** Where a text that is not JSON stops being JSON (JSON.parse does not always say). */
function syntaxErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\r\n".includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          ws();
          if (text[i] !== '"') fail();
          value();
          ws();
          if (text[i] !== ":") fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (i >= text.length) fail();
      return void i++;
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail();
    i += m![0].length;
  };
  try {
    value();
    ws();
    return i;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}

/** Where the value at `path` starts in a JSON text (the document's start when not found). */
function locate(text: string, path: JsonPath): { line: number; column: number } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skipValue = (): void => {
    ws();
    if (text[i] === '"') return void skipString();
    if (text[i] === "{" || text[i] === "[") {
      let depth = 0;
      do {
        if (text[i] === '"') {
          skipString();
          continue;
        }
        if (text[i] === "{" || text[i] === "[") depth++;
        else if (text[i] === "}" || text[i] === "]") depth--;
        i++;
      } while (depth > 0 && i < text.length);
      return;
    }
    while (i < text.length && !/[,\]}\s]/.test(text[i]!)) i++;
  };
  ws();
  for (const step of path) {
    if (typeof step === "number" && text[i] === "[") {
      i++;
      for (let n = 0; n < step; n++) {
        skipValue();
        ws();
        if (text[i] !== ",") return lineColumn(text, i);
        i++;
      }
      ws();
    } else if (typeof step === "string" && text[i] === "{") {
      i++;
      for (;;) {
        ws();
        if (text[i] !== '"') return lineColumn(text, i);
        const key = skipString();
        ws();
        i++; // the colon
        ws();
        if (key === step) break;
        skipValue();
        ws();
        if (text[i] !== ",") return lineColumn(text, i);
        i++;
      }
    } else break;
  }
  return lineColumn(text, i);
}
