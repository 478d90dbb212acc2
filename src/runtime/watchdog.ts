import { Worker } from "node:worker_threads";

/**
 * A step timeout for synchronous handler code. A timer cannot fire while a
 * handler loops synchronously (the thread never yields), and no thread can
 * interrupt another thread's JavaScript except the one that started it. So a
 * watchdog thread, told through shared memory when a synchronous section
 * starts and ends, ends the whole test process when a section outlives its
 * timeout: a bounded answer with a message naming the step, instead of a
 * suite that hangs forever. Asynchronous steps keep their ordinary timer.
 *
 * @module
 */

// Shared words: [generation of the section now running (0: none), its timeout in ms, length of its text].
const FLAGS = 3;
const TEXT_BYTES = 4096;

// The watchdog's own code: plain CommonJS evaluated in a worker, so that src/ and dist/ need no separate file.
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const flags = new Int32Array(workerData, 0, ${FLAGS});
const text = new Uint8Array(workerData, ${FLAGS * 4});
for (;;) {
  const generation = Atomics.load(flags, 0);
  if (generation === 0) { Atomics.wait(flags, 0, 0); continue; }
  const ms = Atomics.load(flags, 1);
  if (Atomics.wait(flags, 0, generation, ms) !== "timed-out" || Atomics.load(flags, 0) !== generation) continue;
  try { writeSync(2, "\\n" + Buffer.from(text.subarray(0, Atomics.load(flags, 2))).toString("utf8") + "\\n"); } catch {}
  process.kill(process.pid, "SIGTERM");
  // A process whose signal handler cannot run (its only thread is the one looping) is killed outright.
  Atomics.wait(flags, 0, generation, 1000);
  if (Atomics.load(flags, 0) === generation) process.kill(process.pid, "SIGKILL");
}
`;

interface Shared {
  readonly flags: Int32Array;
  readonly text: Uint8Array;
  generation: number;
}

let shared: Shared | undefined;

function start(): Shared {
  const buffer = new SharedArrayBuffer(FLAGS * 4 + TEXT_BYTES);
  const worker = new Worker(WATCHDOG, { eval: true, workerData: buffer, stdout: false, stderr: false });
  worker.unref(); // never keeps a finished test process alive
  worker.on("error", () => {}); // a watchdog that cannot run leaves steps as they were, unguarded
  return { flags: new Int32Array(buffer, 0, FLAGS), text: new Uint8Array(buffer, FLAGS * 4), generation: 0 };
}

/**
 * Runs the synchronous part of `work` (up to its first `await`) under the
 * watchdog: when it has not returned after `ms`, `message()` is written to
 * stderr and the test process is ended (SIGTERM, then SIGKILL).
 */
export function guardSynchronous<T>(work: () => T, ms: number, message: () => string): T {
  const s = (shared ??= start());
  s.generation = s.generation >= 0x7ffffffe ? 1 : s.generation + 1;
  const { written } = new TextEncoder().encodeInto(message(), s.text);
  Atomics.store(s.flags, 1, ms);
  Atomics.store(s.flags, 2, written);
  Atomics.store(s.flags, 0, s.generation);
  Atomics.notify(s.flags, 0);
  try {
    return work();
  } finally {
    Atomics.store(s.flags, 0, 0);
    Atomics.notify(s.flags, 0);
  }
}
