import { InvalidArgumentError, type Command } from "commander";
import { DEFAULT_LIMITS, formatLimit, LIMIT_FLAGS, setInputLimits } from "../util/limits.js";

/** Parses a positive integer option value. */
export function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer.");
  return n;
}

/** Parses `--workers`: a positive integer or `auto`. */
export function workersOption(text: string): number | "auto" {
  return text === "auto" ? "auto" : positiveInteger(text);
}

/**
 * Parses a byte count: an integer, optionally with a K, M or G suffix
 * (binary: `16M` is 16 MiB).
 */
export function byteCount(text: string): number {
  const m = /^(\d+)\s*([kmg])?(?:i?b)?$/i.exec(text.trim());
  const n = m ? Number(m[1]) * { k: 1024, m: 1024 ** 2, g: 1024 ** 3, "": 1 }[(m[2] ?? "").toLowerCase() as "k" | "m" | "g" | ""] : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive number of bytes, e.g. 1048576, 64M or 2G.");
  return n;
}

/** The flags of {@link addInputLimitOptions}, as commander gives them. */
interface LimitFlags {
  readonly maxLineBytes?: number;
  readonly maxInputBytes?: number;
  readonly maxElements?: number;
  readonly maxDepth?: number;
}

/**
 * Adds the input limits' flags (`--max-line-bytes`, `--max-input-bytes`,
 * `--max-elements`, `--max-depth`) to a command, and sets the limits in
 * force from them before its action runs (defaults for those not given),
 * so that every reader the command reaches honours them.
 */
export function addInputLimitOptions(command: Command): Command {
  return command
    .option(`${LIMIT_FLAGS.maxLineBytes} <bytes>`, `longest line of an input file (default ${formatLimit("maxLineBytes", DEFAULT_LIMITS.maxLineBytes)}; K, M, G suffixes)`, byteCount)
    .option(`${LIMIT_FLAGS.maxInputBytes} <bytes>`, `most bytes of one input file, after gzip decompression (default ${formatLimit("maxInputBytes", DEFAULT_LIMITS.maxInputBytes)})`, byteCount)
    .option(`${LIMIT_FLAGS.maxElements} <n>`, `most elements of one value in an input, counted through every level (default ${DEFAULT_LIMITS.maxElements.toLocaleString("en-US")})`, positiveInteger)
    .option(`${LIMIT_FLAGS.maxDepth} <n>`, `deepest nesting of one value in an input (default ${DEFAULT_LIMITS.maxDepth})`, positiveInteger)
    .hook("preAction", (_command, action) => {
      const flags = action.opts<LimitFlags>();
      setInputLimits({ maxLineBytes: flags.maxLineBytes, maxInputBytes: flags.maxInputBytes, maxElements: flags.maxElements, maxDepth: flags.maxDepth });
    });
}
