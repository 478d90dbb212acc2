/**
 * Temporary files and folders that never outlive the process: each one is
 * registered and removed when its owner is done, and whatever is still
 * registered is removed on every way out — a normal exit, `process.exit`,
 * an uncaught error, Ctrl-C (SIGINT) and SIGTERM (the process then exits
 * with 130 or 143, as a shell reports those signals).
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A temporary folder, registered for removal at exit until {@link TemporaryDirectory.remove} runs. */
export interface TemporaryDirectory {
  /** Its absolute path. */
  readonly path: string;
  /** Removes it (and everything in it) and unregisters it; removing twice is harmless. */
  remove(): Promise<void>;
  /** {@link TemporaryDirectory.remove}, synchronously. */
  removeSync(): void;
}

/** Exit codes for the signals handled, as a shell reports a process they ended (128 + the signal number). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Paths to remove at exit; each entry counts registrations, so registering a path twice needs two unregisters. */
const registered = new Map<string, number>();
let installed = false;

/**
 * Registers a file or folder made elsewhere (a staging folder, the temporary
 * file of an atomic write) for removal at exit; returns the function that
 * unregisters it once its owner has renamed or removed it.
 */
export function registerTemporary(file: string): () => void {
  const absolute = path.resolve(file);
  install();
  registered.set(absolute, (registered.get(absolute) ?? 0) + 1);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const n = registered.get(absolute) ?? 0;
    if (n <= 1) registered.delete(absolute);
    else registered.set(absolute, n - 1);
  };
}

/** Whether a path is registered for removal at exit (for tests). */
export function isRegisteredTemporary(file: string): boolean {
  return registered.has(path.resolve(file));
}

/** A new folder `<tmpdir>/<prefix>XXXXXX`, removed at exit unless removed before. */
export async function temporaryDirectory(prefix: string): Promise<TemporaryDirectory> {
  // Made synchronously and registered in the same tick: a signal handled in between would leave it behind.
  return temporaryDirectorySync(prefix);
}

/** {@link temporaryDirectory}, made synchronously. */
export function temporaryDirectorySync(prefix: string): TemporaryDirectory {
  install();
  return track(mkdtempSync(path.join(tmpdir(), prefix)));
}

function track(dir: string): TemporaryDirectory {
  const unregister = registerTemporary(dir);
  return {
    path: dir,
    async remove() {
      await rm(dir, { recursive: true, force: true });
      unregister();
    },
    removeSync() {
      removeNow(dir);
      unregister();
    },
  };
}

/** Removes a path, retrying briefly: a child process being stopped may still add a file while the folder is emptied. */
function removeNow(file: string): void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      rmSync(file, { recursive: true, force: true, maxRetries: 2, retryDelay: 10 });
      return;
    } catch {
      // ENOTEMPTY from a racing writer: try again; anything else cannot be helped at exit
    }
  }
}

/** Removes everything registered, synchronously (exit handlers cannot wait). */
function removeAll(): void {
  for (const file of [...registered.keys()]) removeNow(file);
  registered.clear();
}

/** Installs the exit, error and signal handlers, once, when the first temporary is registered. */
function install(): void {
  if (installed) return;
  installed = true;
  process.on("exit", removeAll);
  // Runs before Node's own handling of an uncaught error; the process dies then unless someone handles it (vitest's workers do).
  process.on("uncaughtExceptionMonitor", () => {
    if (process.listenerCount("uncaughtException") === 0) removeAll();
  });
  // First in line: a `once` listener behind it has not yet removed itself when it counts the others.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.prependListener(signal, () => onSignal(signal));
}

/**
 * On a signal: when another handler stops the work gracefully (the explorer
 * prints how far it got, a TLC run is cancelled), that handler ends the
 * process and the exit handler removes what is left; otherwise remove
 * everything now and exit as the signal would have.
 */
function onSignal(signal: keyof typeof SIGNAL_EXIT): void {
  if (process.listenerCount(signal) - 1 - signalExitListeners() > 0) return;
  removeAll();
  process.exit(SIGNAL_EXIT[signal]);
}

/**
 * How many signal listeners belong to the `signal-exit` package (execa uses it
 * to stop children at exit): it leaves a signal to other listeners when there
 * are any, so counting it as a graceful handler would leave the signal unanswered.
 */
function signalExitListeners(): number {
  // v4 keeps its emitter on globalThis, v3 on process.
  const v4 = (globalThis as unknown as Record<symbol, { count?: unknown } | undefined>)[Symbol.for("signal-exit emitter")];
  const v3 = (process as unknown as Record<string, { count?: unknown } | undefined>)["__signal_exit_emitter__"];
  let n = 0;
  for (const emitter of [v4, v3]) {
    if (emitter && typeof emitter.count === "number") n += emitter.count;
  }
  return n;
}
