/**
 * Errors tlabridge reports to users. Each has a stable `code`, a one-sentence
 * message that says what is wrong and what to do, and the process exit code
 * the CLI uses for it.
 *
 * @module
 */

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** The model or implementation is wrong (a failed test, an invalid log, a violation). */
  failed: 1,
  /** The input is unreadable or the command line is wrong. */
  badInput: 2,
  /** A tool tlabridge needs (TLC, Java) is missing. */
  missingTool: 3,
  /** No answer within the time allowed. */
  unknown: 4,
} as const;

/** Base class of every error tlabridge reports to users. */
export class TlabridgeError extends Error {
  override name = "TlabridgeError";
  constructor(
    /** Stable, greppable code such as `DUMP_SYNTAX`. */
    readonly code: string,
    message: string,
    /** The exit code the CLI uses. */
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/** A position in an input file: 1-based line and column (code points). */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * Input that cannot be read, with where: the message reads
 * `file:line:col: what was expected`.
 */
export class InputError extends TlabridgeError {
  override name = "InputError";
  constructor(
    code: string,
    /** Where the problem is. */
    readonly position: SourcePosition,
    /** What was expected or is wrong, without the position. */
    readonly problem: string,
  ) {
    super(code, `${escapeControls(position.file)}:${position.line}:${position.column}: ${problem}`, EXIT.badInput);
  }
}

/** `text` with control characters and line or paragraph separators escaped as in JSON (`\n`, `\u2028`): input text or a file name in a message keeps it on one line. */
export function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
}
