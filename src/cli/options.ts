import { InvalidArgumentError } from "commander";

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
