import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { TlabridgeError } from "../errors.js";

/** Writes a file whole or not at all: a temporary file beside it, then a rename. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, file);
  } catch (e) {
    await rm(temporary, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new TlabridgeError("OUTPUT_UNWRITABLE", `${file} cannot be written (${code ?? String(e)}): check that its folder exists and is writable.`);
  }
}
