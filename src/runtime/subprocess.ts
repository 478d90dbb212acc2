import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { Adapter, ActionHandler } from "./adapter.js";
import { BREAKDOWNS, StepFailure } from "./suite.js";
import { toItfNames, type Plain } from "./values.js";

/** Options for {@link subprocessAdapter}. */
export interface SubprocessOptions {
  /**
   * The program and its arguments, e.g. `["python3", "adapter.py"]`. A
   * relative program path (`./run.sh`, `bin/adapter`) and an argument naming a
   * file that exists beside the adapter module are taken relative to the
   * adapter module's folder ({@link from}), not the working directory: a
   * suite runs from wherever vitest is started.
   */
  readonly command: readonly string[];
  /**
   * The adapter module (`import.meta.url`, a file path or its folder) that
   * relative paths in {@link command} and {@link cwd} are resolved against.
   * Default: the module that called {@link subprocessAdapter}.
   */
  readonly from?: string | URL;
  /** Working directory of the program (relative: to the adapter module's folder); default the current one. */
  readonly cwd?: string;
  /** Milliseconds a request may take before the program is killed and the step fails (default 5000). */
  readonly stepTimeoutMs?: number;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: unknown;
}

/** Whether a parsed line has a reply's shape (anything else, `null` included, is the program's mistake). */
function isReply(x: unknown): x is Reply {
  return typeof x === "object" && x !== null && !Array.isArray(x) && typeof (x as Reply).id === "number" && typeof (x as Reply).ok === "boolean";
}

/** Text the program wrote, on one line and bounded, for a message. */
function oneLine(text: string, max = 200): string {
  const flat = text.trim().replace(/\s*[\r\n\u2028\u2029]+\s*/g, " | ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The handle an adapter program's tests get: one request at a time. */
export interface AdapterProgram {
  /** Sends one request and waits for its reply. */
  request(method: string, body: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  /** Stops the program. */
  stop(): void;
}

/**
 * One running adapter program, talking NDJSON over stdin/stdout:
 * requests `{"id", "method": "setup"|"step"|"observe"|"teardown", ...}`,
 * replies `{"id", "ok": true, "result": {...}}` or `{"id", "ok": false, "error": "..."}`.
 */
class AdapterProcess implements AdapterProgram {
  private child: ChildProcessWithoutNullStreams | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { method: string; resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private stderrTail = "";

  constructor(private readonly options: SubprocessOptions) {}

  private start(): ChildProcessWithoutNullStreams {
    const [program, ...args] = this.options.command;
    const child = spawn(program!, args, { cwd: this.options.cwd, stdio: ["pipe", "pipe", "pipe"] });
    this.stderrTail = "";
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-2000);
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (this.child !== child) return; // a program already given up on (timed out) answering late
      let reply: unknown;
      try {
        reply = JSON.parse(line);
      } catch {
        this.failAll(new StepFailure(`the adapter program wrote a line that is not JSON: ${oneLine(line)}`));
        return;
      }
      if (!isReply(reply)) {
        this.failAll(
          new StepFailure(
            `the adapter program wrote ${oneLine(line)}, which is not a reply: answer each request with {"id": <its id>, "ok": true, "result": {...}} or {"id": <its id>, "ok": false, "error": "..."}`,
          ),
        );
        return;
      }
      const waiter = this.pending.get(reply.id);
      if (waiter) {
        this.pending.delete(reply.id);
        waiter.resolve(reply);
      } else if (this.pending.size > 0) {
        const waiting = [...this.pending].map(([id, w]) => `id ${id} (${w.method})`).join(", ");
        this.failAll(new StepFailure(`the adapter program answered id ${reply.id}, but the request waiting for an answer is ${waiting}: answer each request with the id it came with`));
      }
    });
    const died = (why: string): void => {
      if (this.child !== child) return;
      this.child = undefined;
      const tail = this.stderrTail.trim();
      this.failAll(new StepFailure(`the adapter program ${this.options.command.join(" ")} ${why}${tail ? `; its last output: ${oneLine(tail, 1000)}` : ""}`));
    };
    child.on("exit", (code, signal) => died(signal ? `was killed by ${signal}` : `exited with code ${code}`));
    child.on("error", (e) => died(`could not run (${e.message})`));
    child.stdin.on("error", () => {});
    this.child = child;
    return child;
  }

  private failAll(e: Error): void {
    BREAKDOWNS.add(e); // the program died or wrote garbage: no answer, so never a refusal
    for (const [, waiter] of this.pending) waiter.reject(e);
    this.pending.clear();
  }

  /** Sends one request and waits for its reply; kills the program when it does not answer in time. */
  request(method: string, body: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
    const child = this.child ?? this.start();
    const id = this.nextId++;
    const timeoutMs = this.options.stepTimeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const e = new StepFailure(`the adapter program did not answer ${method} within ${timeoutMs} ms (it was restarted)`);
        BREAKDOWNS.add(e);
        reject(e);
        this.child = undefined;
        child.kill("SIGKILL");
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (reply) => {
          clearTimeout(timer);
          if (reply.ok) resolve(reply.result);
          else reject(new StepFailure(`the adapter program reported: ${reply.error === undefined ? "an error" : oneLine(typeof reply.error === "string" ? reply.error : JSON.stringify(reply.error), 1000)}`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.stdin.write(JSON.stringify({ id, method, ...body }) + "\n");
    });
  }

  /** Stops the program. */
  stop(): void {
    this.child?.stdin.end();
    this.child = undefined;
  }
}

/**
 * An adapter for an implementation in any language: a program that reads
 * NDJSON requests on stdin and answers on stdout, values in ITF JSON (model
 * values as plain names). One program runs per test worker; `setup` starts a
 * fresh system in it for every test, and a program that dies or hangs fails
 * that test and is restarted for the next.
 */
export function subprocessAdapter(options: SubprocessOptions): Adapter<AdapterProgram> {
  const base = baseFolder(options.from) ?? callerFolder();
  const program = new AdapterProcess(base === undefined ? options : resolveCommand(options, base));
  const actions = new Proxy({} as Record<string, ActionHandler<AdapterProgram>>, {
    get: (_, action) =>
      typeof action === "string"
        ? (p: AdapterProgram, args: Record<string, Plain>) => p.request("step", { action, args })
        : undefined,
    // Every action is the program's own: it answers the names it handles and reports the others.
    getOwnPropertyDescriptor: (_, action) =>
      typeof action === "string"
        ? { configurable: true, enumerable: false, writable: false, value: (p: AdapterProgram, args: Record<string, Plain>) => p.request("step", { action, args }) }
        : undefined,
  });
  return {
    setup: async (constants) => {
      await program.request("setup", { constants });
      return program;
    },
    teardown: async (p) => {
      await p.request("teardown", {}).catch(() => {});
    },
    actions,
    observe: async (p) => (await p.request("observe", {})) ?? {},
    toImpl: toItfNames,
    // The program's own timeout fires first and restarts it.
    stepTimeoutMs: (options.stepTimeoutMs ?? 5000) + 1000,
  };
}

/** The folder of `from` (a `file:` URL or a path; a file's folder, or a folder itself). */
function baseFolder(from: string | URL | undefined): string | undefined {
  if (from === undefined) return undefined;
  const file = from instanceof URL || /^file:/.test(from) ? fileURLToPath(from) : path.resolve(from);
  return /\.[cm]?[jt]sx?$/.test(file) ? path.dirname(file) : file;
}

/**
 * The folder of the module that called {@link subprocessAdapter}, read off
 * the stack (vitest and vite's module runner name modules by their file):
 * the first frame outside this file.
 */
function callerFolder(): string | undefined {
  const here = fileURLToPath(import.meta.url).replace(/\.[cm]?[jt]s$/, "");
  for (const line of (new Error().stack ?? "").split("\n").slice(1)) {
    const m = /(?:\(|at )((?:file:\/\/)?\/[^():]+?\.[cm]?[jt]sx?)(?::\d+){0,2}\)?\s*$/.exec(line.trim());
    if (!m) continue;
    const file = m[1]!.startsWith("file:") ? fileURLToPath(m[1]!) : m[1]!;
    if (file.replace(/\.[cm]?[jt]s$/, "") === here) continue;
    return path.dirname(file);
  }
  return undefined;
}

/**
 * The command with its relative paths taken from the adapter's folder: the
 * program when it is a path (`./run.sh`, `bin/x`; a bare name such as
 * `python3` is looked up in PATH), and each argument naming a file
 * that exists there (`adapter.py`); flags and other words stay.
 * Absolute paths are kept, so adapters that join paths themselves work as
 * before.
 */
export function resolveCommand(options: SubprocessOptions, base: string): SubprocessOptions {
  const [program, ...args] = options.command;
  if (program === undefined) return options;
  const local = (p: string): boolean => !path.isAbsolute(p) && !p.startsWith("-") && statSync(path.join(base, p), { throwIfNoEntry: false })?.isFile() === true;
  const resolvedProgram = !path.isAbsolute(program) && /[\\/]/.test(program) ? path.join(base, program) : program;
  return {
    ...options,
    command: [resolvedProgram, ...args.map((a) => (local(a) ? path.join(base, a) : a))],
    ...(options.cwd !== undefined ? { cwd: path.resolve(base, options.cwd) } : {}),
  };
}
