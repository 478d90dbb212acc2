// Copies the TLA+ grammar's wasm (and its licence) from the build-time dependency @tlaplus/tree-sitter-tlaplus into
// dist/grammars/, where the explorer loads it from an installed tlabridge. Shipping the wasm keeps that package out of
// users' installs: it declares tree-sitter-cli as a required peer dependency, which npm then installs and whose install
// script downloads a binary from github.com (failing offline or behind a proxy), for a CLI tlabridge never runs.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const from = path.dirname(createRequire(path.join(root, "package.json")).resolve("@tlaplus/tree-sitter-tlaplus/package.json"));
const to = path.join(root, "dist", "grammars");
mkdirSync(to, { recursive: true });
copyFileSync(path.join(from, "tree-sitter-tlaplus.wasm"), path.join(to, "tree-sitter-tlaplus.wasm"));
for (const licence of ["LICENSE", "LICENSE.md", "LICENSE.txt"]) {
  if (existsSync(path.join(from, licence))) copyFileSync(path.join(from, licence), path.join(to, "tree-sitter-tlaplus.LICENSE"));
}
