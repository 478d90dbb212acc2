// The Python implementation, driven over NDJSON on stdin/stdout.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { subprocessAdapter } from "tlabridge/runtime";

const here = path.dirname(fileURLToPath(import.meta.url));

export default subprocessAdapter({ command: ["python3", path.join(here, "kvstore_adapter.py")] });
