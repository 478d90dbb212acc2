import { existsSync, readdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { EXIT, TlabridgeError } from "../errors.js";

/** Where TLC and Java were found. */
export interface TlcInstallation {
  /** Path of tla2tools.jar. */
  readonly jar: string;
  /** The java executable. */
  readonly java: string;
}

/** Where to look, for tests and unusual setups. */
export interface FindOptions {
  /** `--tlc-jar`, searched first. */
  readonly tlcJar?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** tla2tools.jar files bundled with the TLA+ VS Code extension, newest version first. */
function vscodeJars(home: string): string[] {
  const found: string[] = [];
  let roots: string[];
  try {
    roots = readdirSync(home).filter((d) => d.startsWith(".vscode"));
  } catch {
    return found;
  }
  for (const root of roots) {
    const extensions = path.join(home, root, "extensions");
    if (!existsSync(extensions)) continue;
    for (const ext of readdirSync(extensions).filter((d) => /tlaplus/i.test(d)).sort().reverse()) {
      for (const candidate of [path.join(extensions, ext, "tools", "tla2tools.jar"), path.join(extensions, ext, "tla2tools.jar")]) {
        if (isFile(candidate)) found.push(candidate);
      }
    }
  }
  return found;
}

/**
 * Finds TLC and Java: `--tlc-jar`, then `TLA2TOOLS_JAR`, then the jar the TLA+
 * VS Code extension bundles, then `tla2tools.jar` in the current folder; Java
 * through `JAVA_HOME`, then `PATH`. Throws (exit 3) saying what was searched.
 */
export function findTlc(options: FindOptions = {}): TlcInstallation {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  const searched: string[] = [];
  let jar: string | undefined;
  const tryJar = (candidate: string | undefined, where: string): void => {
    if (jar !== undefined || candidate === undefined || candidate === "") return;
    searched.push(`${where}: ${candidate}`);
    if (isFile(candidate)) jar = path.resolve(candidate);
  };
  tryJar(options.tlcJar, "--tlc-jar");
  if (options.tlcJar && jar === undefined) {
    throw new TlabridgeError("TLC_NOT_FOUND", `--tlc-jar ${options.tlcJar} is not a file: point it at tla2tools.jar.`, EXIT.missingTool);
  }
  tryJar(env.TLA2TOOLS_JAR, "TLA2TOOLS_JAR");
  if (jar === undefined) {
    const bundled = vscodeJars(home);
    searched.push(`the TLA+ VS Code extension under ${path.join(home, ".vscode*/extensions/*tlaplus*/")}${bundled.length ? "" : " (none)"}`);
    jar = bundled[0];
  }
  tryJar(path.join(cwd, "tla2tools.jar"), "the current folder");
  if (jar === undefined) {
    throw new TlabridgeError(
      "TLC_NOT_FOUND",
      `TLC (tla2tools.jar) was not found; searched ${searched.join("; ")}. Pass --tlc-jar <path> or set TLA2TOOLS_JAR, or use a dump instead.`,
      EXIT.missingTool,
    );
  }
  const javaSearched: string[] = [];
  const exe = process.platform === "win32" ? "java.exe" : "java";
  let java: string | undefined;
  if (env.JAVA_HOME) {
    const candidate = path.join(env.JAVA_HOME, "bin", exe);
    javaSearched.push(`JAVA_HOME: ${candidate}`);
    if (isFile(candidate)) java = candidate;
  }
  if (java === undefined) {
    for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
      const candidate = path.join(dir, exe);
      if (isFile(candidate)) {
        java = candidate;
        break;
      }
    }
    javaSearched.push("PATH");
  }
  if (java === undefined) {
    throw new TlabridgeError(
      "JAVA_NOT_FOUND",
      `Java was not found; searched ${javaSearched.join(" and ")}. Install a JDK (11 or newer) or set JAVA_HOME.`,
      EXIT.missingTool,
    );
  }
  return { jar, java };
}
