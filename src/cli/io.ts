/** Where a command writes: injectable so tests can run the CLI in-process. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines are drawn only there). */
  readonly interactive: boolean;
}

/** The process's own streams. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  interactive: Boolean(process.stderr.isTTY),
};

/** `1234567` → `1,234,567`. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A progress line that redraws itself on a terminal and stays silent elsewhere. */
export class ProgressLine {
  private shown = false;
  constructor(private readonly io: CliIO) {}

  /** Replaces the line's text. */
  update(text: string): void {
    if (!this.io.interactive) return;
    this.io.stderr(`\r\x1b[K${text}`);
    this.shown = true;
  }

  /** Erases the line. */
  clear(): void {
    if (this.shown) this.io.stderr("\r\x1b[K");
    this.shown = false;
  }
}
