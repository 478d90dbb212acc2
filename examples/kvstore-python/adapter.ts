// The Python implementation, driven over NDJSON on stdin/stdout.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { subprocessAdapter } from "tlabridge/runtime";

const here = path.dirname(fileURLToPath(import.meta.url));

export default {
  ...subprocessAdapter({ command: ["python3", path.join(here, "kvstore_adapter.py")] }),
  // Negative steps: the program answers {"ok": false, "error": "transaction t1 is committed, not active"} (or "already began").
  refusals: {
    actions: ["Begin", "Read", "Commit", "Abort"],
    refused: (outcome: { kind: string; error?: unknown }) => outcome.kind === "threw" && /not active|already began/.test(String(outcome.error)),
  },
};
