/**
 * Escaping for the report page: model text reaches the page only as JSON
 * data inside a `<script type="application/json">` block (read with
 * JSON.parse and shown with textContent), never as markup or code.
 *
 * @module
 */

/** Characters that could end or confuse a script block, or end a JavaScript line, each as its JSON escape. */
const SCRIPT_UNSAFE: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * A value as JSON that can sit inside `<script type="application/json">`:
 * `<`, `>` and `&` escaped (so `</script>` or `<!--` in model text cannot
 * end the block), and U+2028/U+2029 escaped (line terminators in older
 * JavaScript). JSON.parse reads the same value back.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => SCRIPT_UNSAFE[c]!);
}

/** Text for HTML element content or a double-quoted attribute (line separators as references too, so no raw one is in the page). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'\u2028\u2029]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Script source to inline in `<script>`: refused if it contains `</script`
 * (it would end the block early), which no bundled library does.
 */
export function inlineScript(source: string, name: string): string {
  if (/<\/script/i.test(source)) throw new Error(`${name} contains </script and cannot be inlined`);
  return source;
}
