/**
 * Error text on one line: a message is one sentence, so line breaks inside
 * interpolated text (a value printed over lines, another tool's message,
 * a name holding U+2028) become a single space.
 */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|[\r\n\u2028\u2029])[ \t]*/g, " ");
}
