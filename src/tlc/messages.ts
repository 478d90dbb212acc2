import path from "node:path";

/** One `-tool` message of TLC: `@!@!@STARTMSG code:class @!@!@` ... `@!@!@ENDMSG code @!@!@`. */
export interface ToolMessage {
  readonly code: number;
  /** 0 none, 1 error, 2 bug, 3 warning, 4 state. */
  readonly severity: number;
  /** The body, without the markers. */
  readonly text: string;
}

const START = /^@!@!@STARTMSG (\d+):(\d+) @!@!@$/;
const END = /^@!@!@ENDMSG (\d+) @!@!@$/;

/**
 * Splits TLC's `-tool` stdout into messages as lines arrive. Lines outside
 * markers (SANY's output, `Print`) are passed on as plain output.
 */
export class ToolMessageReader {
  private current: { code: number; severity: number; lines: string[] } | undefined;

  constructor(
    private readonly onMessage: (m: ToolMessage) => void,
    private readonly onOutput: (line: string) => void = () => {},
  ) {}

  /** Feeds one line of stdout. */
  line(line: string): void {
    const start = START.exec(line);
    if (start) {
      this.current = { code: Number(start[1]), severity: Number(start[2]), lines: [] };
      return;
    }
    if (END.test(line) && this.current) {
      const { code, severity, lines } = this.current;
      this.current = undefined;
      this.onMessage({ code, severity, text: lines.join("\n") });
      return;
    }
    if (this.current) this.current.lines.push(line);
    else this.onOutput(line);
  }
}

/** What TLC's progress message (2200) says. */
export interface TlcProgress {
  readonly statesGenerated: number;
  readonly distinctStates: number;
  readonly queue: number;
  /** Distinct states found per second, by TLC's own rate. */
  readonly distinctPerSecond: number;
}

const number = (s: string): number => Number(s.replace(/,/g, ""));

/** Reads a progress message: `... 28,039 states generated (1,446,552 s/min), 9,130 distinct states found (471,023 ds/min), 0 states left on queue.` */
export function parseProgress(text: string): TlcProgress | undefined {
  const m = /([\d,]+) states generated.*?([\d,]+) distinct states found \(([\d,]+) ds\/min\), ([\d,]+) states? left on queue/s.exec(text);
  if (!m) return undefined;
  return { statesGenerated: number(m[1]!), distinctStates: number(m[2]!), distinctPerSecond: number(m[3]!) / 60, queue: number(m[4]!) };
}

/** Reads the final counts (2199): `G states generated, D distinct states found, Q states left on queue.` */
export function parseFinalCounts(text: string): { statesGenerated: number; distinctStates: number; queue: number } | undefined {
  const m = /([\d,]+) states generated, ([\d,]+) distinct states found, ([\d,]+) states? left on queue/.exec(text);
  return m ? { statesGenerated: number(m[1]!), distinctStates: number(m[2]!), queue: number(m[3]!) } : undefined;
}

/** Where SANY says a spec does not parse: the module's file, 1-based line and column, and what is wrong (one line). */
export interface SanyError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

/** SANY's lines that frame an error rather than say it. */
const SANY_NOISE = /^(Parsing file|Semantic processing|Linting|Residual stack trace|\*\*\*|Fatal errors while parsing|SANY finished|Starting|TLC2 Version|Running |Semantic errors:|Parse Error|Finished|Warning: )/;

/**
 * Reads the position and message of a parse or semantic error from what
 * SANY printed (through TLC): `Encountered "x" at line 7, column 1 in module M`
 * (or `… and token "y"`), `Lexical error at line 3, column 5.`, or
 * `line 12, col 50 to line 12, col 51 of module M` followed by the message.
 * The module's file is the one SANY said it parsed, else `<Module>.tla`
 * in `specDir`; without any position, the spec's first line (`spec:1:1`).
 */
export function sanyError(output: readonly string[], spec: string): SanyError {
  const lines = output.map((l) => l.trim()).filter((l) => l !== "");
  const text = lines.join("\n");
  const specDir = path.dirname(spec);
  const parsed = lines.flatMap((l) => /^Parsing file (.+\.tla)$/.exec(l)?.[1] ?? []);
  /** The file of a module: the path SANY parsed it from, else beside the spec. */
  const fileOf = (module: string | undefined): string => {
    if (module === undefined) return parsed[parsed.length - 1] ?? spec;
    return parsed.find((f) => path.basename(f, ".tla") === module) ?? path.join(specDir, `${module}.tla`);
  };
  const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

  const encountered = /Encountered (.*?) at line (\d+), column (\d+)(?: in module (\w+)| and token (.*?))?\.?$/m.exec(text);
  if (encountered) {
    const expecting = /Was expecting:?\s*"?([^\n"]*)"?/.exec(text);
    const found = encountered[1]!.replace(/^"(.*)"$/, '"$1"');
    return {
      file: fileOf(encountered[4] ?? /in file (\w+)/.exec(text)?.[1]),
      line: Number(encountered[2]),
      column: Number(encountered[3]),
      problem: oneLine(`expected ${expecting ? expecting[1]!.trim() || "something else" : "something else"}, found ${found}`),
    };
  }
  const lexical = /Lexical error at line (\d+), column (\d+)\.\s*(.*)$/m.exec(text);
  if (lexical) {
    return { file: fileOf(/in file (\w+)/.exec(text)?.[1]), line: Number(lexical[1]), column: Number(lexical[2]), problem: oneLine(`lexical error: ${lexical[3] || "a character SANY cannot read"}`) };
  }
  const located = /line (\d+), col(?:umn)? (\d+) to line \d+, col(?:umn)? \d+ of module (\w+)/.exec(text);
  if (located) {
    // SANY prints the location, then the message on a following line.
    const at = lines.findIndex((l) => l.includes(located[0]));
    const what = lines.slice(at + 1).find((l) => !/^line \d+, col/.test(l) && !SANY_NOISE.test(l));
    return { file: fileOf(located[3]), line: Number(located[1]), column: Number(located[2]), problem: oneLine(what ?? "SANY reports an error here") };
  }
  const said = lines.filter((l) => !SANY_NOISE.test(l) && !/^\*\*\* Errors: \d+$/.test(l));
  const module = /imported in module (\w+)/.exec(text)?.[1] ?? /in (?:module|file) (\w+)/.exec(text)?.[1];
  return { file: fileOf(module), line: 1, column: 1, problem: oneLine(said.slice(0, 3).join("; ") || "TLC could not parse the spec") };
}

/**
 * {@link sanyError} as the message TLC_PARSE_ERROR carries:
 * `file:line:col: problem`. With `onDisk`, a file SANY parsed that is not
 * there (a copy TLC made, a recorded run) is named beside the spec.
 */
export function parseErrorMessage(output: readonly string[], spec: string, onDisk?: (file: string) => boolean): string {
  const e = sanyError(output, spec);
  const file = !onDisk || onDisk(e.file) ? e.file : path.join(path.dirname(spec), path.basename(e.file));
  return `${file}:${e.line}:${e.column}: ${e.problem}`;
}
