import type { LogEvent } from "./logs.js";

/**
 * The regular expression ShiViz needs to read {@link toShiViz}'s output
 * (host, clock and event first, as notes/trace-logs.md prescribes).
 */
export const SHIVIZ_REGEX = String.raw`\{"host":"(?<host>[^"]+)","clock":(?<clock>\{[^{}]*\}),"event":"(?<event>[^"]+)".*\}`;

/**
 * A ShiViz input of events in an order the model explains: the regular
 * expression on the first line, a blank line, then one JSON object per
 * event with host, clock and event first.
 */
export function toShiViz(events: readonly LogEvent[]): string {
  const lines = events.map((e) =>
    JSON.stringify({
      host: e.host,
      clock: e.clock,
      event: e.event,
      ...(e.args !== undefined ? { args: e.args } : {}),
      ...(e.state !== undefined ? { state: e.state } : {}),
      source: `${e.file}:${e.line}`,
    }),
  );
  return `${SHIVIZ_REGEX}\n\n${lines.join("\n")}\n`;
}
