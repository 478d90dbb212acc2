/**
 * Counts in messages, in the right number: `1 test`, `8 tests`, `1 host`,
 * `1,234 events`.
 *
 * @module
 */

/** `n` with thousands separators and the noun in the number `n` asks for (`plural` default: `singular` + "s"). */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? singular : plural}`;
}
