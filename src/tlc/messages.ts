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
