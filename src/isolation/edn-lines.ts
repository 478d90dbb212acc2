/**
 * One operation of a Jepsen `history.edn` (a map per line) read into the
 * plain form the line-per-operation reader takes, for the common case only:
 * keyword field names, keyword `:type`, `:f` and micro-operation functions,
 * integer keys, values, processes, times and indices, `nil`, vectors and
 * lists. Anything else (strings, keyword keys or values, sets, tags, big or
 * decimal numbers, a field it does not know, a field twice) is left to the
 * full EDN reader, which reads the whole history and names any error.
 *
 * @module
 */

/** The fields of an operation this reader takes. */
const FIELDS = ["type", "f", "value", "process", "time", "index"];

/** Keywords read as the names the JSON form uses. */
const NAMES = ["invoke", "ok", "fail", "info", "txn", "r", "w", "append", "nemesis"];

type Plain = null | number | string | Plain[];

/** Gives up on the line (never escapes {@link ednOperation}). */
const GIVE_UP: unique symbol = Symbol("give-up");

// The line being read and the place in it: module state, so that no closure is made per line.
let text = "";
let i = 0;
let n = 0;

/** The operation on one line of EDN, as `JSON.parse` would give its JSON form; undefined to leave the history to the full reader. */
export function ednOperation(line: string): Record<string, Plain> | undefined {
  text = line;
  i = 0;
  n = line.length;
  try {
    space();
    if (text.charCodeAt(i) !== 123) return undefined;
    i++;
    const op: Record<string, Plain> = {};
    for (;;) {
      space();
      if (i >= n) return undefined;
      if (text.charCodeAt(i) === 125) {
        i++;
        break;
      }
      if (text.charCodeAt(i) !== 58) return undefined;
      const field = keyword(FIELDS);
      if (Object.prototype.hasOwnProperty.call(op, field)) return undefined;
      op[field] = value(0, field === "type" || field === "f" || field === "process");
    }
    space();
    return i === n ? op : undefined;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

/** Whether `c` may follow a keyword or a number: whitespace, a comma or a closing bracket. */
function ends(c: number): boolean {
  return c === 32 || c === 44 || c === 9 || c === 13 || c === 93 || c === 41 || c === 125;
}

function space(): void {
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 44 && c !== 9 && c !== 13) return;
    i++;
  }
}

/** The keyword at `i` (after its colon), which must be one of `names`: the name itself (no string is made). */
function keyword(names: readonly string[]): string {
  const start = ++i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 45 || c === 95 || (c >= 48 && c <= 57))) break;
    i++;
  }
  // A keyword this reader does not end cleanly (a namespace, a capital, an odd character) is the full reader's.
  if (i === start || (i < n && !ends(text.charCodeAt(i)))) throw GIVE_UP;
  const length = i - start;
  for (const name of names) if (name.length === length && text.startsWith(name, start)) return name;
  throw GIVE_UP;
}

function integer(): number {
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  const digits = i;
  let v = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
    i++;
  }
  // 15 digits at most (always exact); a suffix (N, M), a fraction or an exponent is the full reader's, as is -0.
  if (i === digits || i - digits > 15 || (negative && v === 0) || (i < n && !ends(text.charCodeAt(i)))) throw GIVE_UP;
  return negative ? -v : v;
}

/**
 * A value at nesting `depth`; `named`: a keyword may stand here (a field's
 * name-valued value, a micro-operation's function), nowhere else, since the
 * full reader tells a keyword from the string of its name.
 */
function value(depth: number, named: boolean): Plain {
  space();
  const c = text.charCodeAt(i);
  if (c === 91 || c === 40) {
    if (depth > 2) throw GIVE_UP;
    const close = c === 91 ? 93 : 41;
    i++;
    const items: Plain[] = [];
    for (;;) {
      space();
      if (i >= n) throw GIVE_UP;
      if (text.charCodeAt(i) === close) {
        i++;
        return items;
      }
      // In a micro-operation (a vector in the list, depth 1), the first element is its function.
      items.push(value(depth + 1, depth === 1 && items.length === 0));
    }
  }
  if (c === 58) {
    if (!named) throw GIVE_UP;
    return keyword(NAMES);
  }
  if (c === 110 && text.startsWith("nil", i) && (i + 3 === n || ends(text.charCodeAt(i + 3)))) {
    i += 3;
    return null;
  }
  if (c === 45 || (c >= 48 && c <= 57)) return integer();
  throw GIVE_UP;
}
