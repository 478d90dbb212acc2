import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A stand-in `java` that "runs TLC" by replaying a recorded `-tool` output:
 * FAKE_TLC_STDOUT (a file printed line by line, FAKE_TLC_DELAY_MS apart),
 * FAKE_TLC_DOT (copied to the -dump path, when TLC is asked to dump), FAKE_TLC_EXIT (exit code),
 * FAKE_TLC_ARGS (where to record its arguments and folder), FAKE_TLC_HANG
 * (never exit). It also writes a state file under -metadir, as TLC does.
 */
const SCRIPT = `import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
const args = process.argv.slice(2);
const env = process.env;
if (env.FAKE_TLC_ARGS) writeFileSync(env.FAKE_TLC_ARGS, JSON.stringify({ args, cwd: process.cwd() }));
const meta = args[args.indexOf("-metadir") + 1];
mkdirSync(meta, { recursive: true });
writeFileSync(path.join(meta, "states.fp"), "fingerprints");
const lines = env.FAKE_TLC_STDOUT ? readFileSync(env.FAKE_TLC_STDOUT, "utf8").split("\\n") : [];
const delay = Number(env.FAKE_TLC_DELAY_MS ?? 0);
for (const line of lines) {
  process.stdout.write(line + "\\n");
  if (delay > 0 && line.startsWith("@!@!@ENDMSG")) await new Promise((r) => setTimeout(r, delay));
}
if (env.FAKE_TLC_DOT && args.includes("-dump")) copyFileSync(env.FAKE_TLC_DOT, args[args.indexOf("-dump") + 2]);
if (env.FAKE_TLC_HANG) await new Promise(() => setInterval(() => {}, 1000));
process.exit(Number(env.FAKE_TLC_EXIT ?? 0));
`;

/** Creates a fake Java home and jar; returns their paths. */
export function fakeTlc(): { javaHome: string; jar: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-fake-java-"));
  const java = path.join(dir, "bin", "java");
  writeFileSync(path.join(dir, "tla2tools.jar"), "not really a jar");
  mkdirSync(path.dirname(java), { recursive: true });
  writeFileSync(`${java}.mjs`, SCRIPT);
  writeFileSync(java, `#!/bin/sh\nexec "${process.execPath}" "$(dirname "$0")/java.mjs" "$@"\n`);
  chmodSync(java, 0o755);
  return { javaHome: dir, jar: path.join(dir, "tla2tools.jar") };
}
