// The subprocess adapter's program is found from the adapter module's folder, not from where the suite runs.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadAdapter } from "../../src/generate/adapter.js";
import { resolveCommand } from "../../src/runtime/subprocess.js";
import { put, workspace } from "../helpers/workspace.js";

/** A program answering the protocol: setup and teardown ok, observe gives its own path and its arguments. */
const PROGRAM = `import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
createInterface({ input: process.stdin }).on("line", (line) => {
  const r = JSON.parse(line);
  const result = r.method === "observe" ? { me: fileURLToPath(import.meta.url), argv: process.argv.slice(2) } : undefined;
  process.stdout.write(JSON.stringify({ id: r.id, ok: true, ...(result ? { result } : {}) }) + "\\n");
});
`;

describe("subprocessAdapter: relative paths", () => {
  const dir = workspace("subprocess");
  const program = put(dir, "adapters/prog.mjs", PROGRAM);
  put(dir, "adapters/data.json", "{}\n");

  it("takes a relative script (an existing file) and a relative program path from the adapter's folder; flags, bare names and absolute paths stay", () => {
    const base = path.join(dir, "adapters");
    expect(resolveCommand({ command: ["node", "prog.mjs", "-u", "missing.py", "/abs/x.py"] }, base).command).toEqual(["node", program, "-u", "missing.py", "/abs/x.py"]);
    expect(resolveCommand({ command: ["./run.sh", "data.json"], cwd: "." }, base)).toEqual({ command: [path.join(base, "run.sh"), path.join(base, "data.json")], cwd: base });
    expect(resolveCommand({ command: ["python3", path.join(base, "prog.mjs")] }, "/elsewhere").command).toEqual(["python3", program]);
  });

  for (const [how, source] of [
    ["inferred from the module that calls subprocessAdapter", `subprocessAdapter({ command: [process.execPath, "prog.mjs", "data.json"] })`],
    ["given as from: import.meta.url", `subprocessAdapter({ command: [process.execPath, "prog.mjs", "data.json"], from: import.meta.url })`],
  ] as const) {
    it(`${how}: the program runs whatever the current folder`, async () => {
      const file = put(dir, `adapters/adapter-${how.length}.ts`, `import { subprocessAdapter } from "tlabridge/runtime";\nexport default ${source};\n`);
      const adapter = await loadAdapter(file);
      const saved = process.cwd();
      process.chdir(dir); // not the adapter's folder: a cwd-relative "prog.mjs" would not be found
      try {
        const system = await adapter.setup({});
        const seen = (await adapter.observe!(system)) as { me: string; argv: string[] };
        await adapter.teardown?.(system);
        (system as { stop(): void }).stop();
        expect(seen).toEqual({ me: program, argv: [path.join(dir, "adapters/data.json")] });
      } finally {
        process.chdir(saved);
      }
    });
  }
});
