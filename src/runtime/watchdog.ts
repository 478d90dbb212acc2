import { url as inspectorUrl } from "node:inspector";
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

// Shared words: [generation of the section now running (0: none), its timeout in ms, length of its text,
// its start in ms after BASE]. The watchdog polls (a few times per timeout), so steps never wake it.
const FLAGS = 4;
const TEXT_BYTES = 4096;

// The watchdog's own code: plain CommonJS evaluated in a worker, so that src/ and dist/ need no separate file.
const WATCHDOG = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const { buffer, base } = workerData;
const flags = new Int32Array(buffer, 0, ${FLAGS});
const text = new Uint8Array(buffer, ${FLAGS * 4});
const sleep = (ms) => Atomics.wait(flags, 1, -1, ms); // flags[1] is never -1: a plain sleep
for (;;) {
  const ms = Atomics.load(flags, 1);
  sleep(Math.max(5, Math.min(250, ms / 5)));
  const generation = Atomics.load(flags, 0);
  if (generation === 0 || Date.now() - base - Atomics.load(flags, 3) < Atomics.load(flags, 1)) continue;
  const message = Buffer.from(text.subarray(0, Atomics.load(flags, 2))).toString("utf8");
  if (Atomics.load(flags, 0) !== generation) continue; // it returned meanwhile
  try { writeSync(2, "\\n" + message + "\\n"); } catch {}
  process.kill(process.pid, "SIGTERM");
  // A process whose signal handler cannot run (its only thread is the one looping) is killed outright.
  sleep(1000);
  if (Atomics.load(flags, 0) === generation) process.kill(process.pid, "SIGKILL");
}
`;

interface Shared {
  readonly flags: Int32Array;
  readonly text: Uint8Array;
  readonly base: number;
  generation: number;
}

let shared: Shared | undefined;
let debugging: boolean | undefined;
const encoder = new TextEncoder();

function start(): Shared {
  const buffer = new SharedArrayBuffer(FLAGS * 4 + TEXT_BYTES);
  const base = Date.now();
  const flags = new Int32Array(buffer, 0, FLAGS);
  flags[1] = 5000;
  const worker = new Worker(WATCHDOG, { eval: true, workerData: { buffer, base } });
  worker.unref(); // never keeps a finished test process alive
  worker.on("error", () => {}); // a watchdog that cannot run leaves steps as they were, unguarded
  return { flags, text: new Uint8Array(buffer, FLAGS * 4), base, generation: 0 };
}

/**
 * Runs the synchronous part of `work` (up to its first `await`) under the
 * watchdog: when it has not returned after `ms`, `message()` is written to
 * stderr and the test process is ended (SIGTERM, then SIGKILL). Not while
 * an inspector is open: a step paused at a breakpoint is not a runaway one.
 */
export function guardSynchronous<T>(work: () => T, ms: number, message: () => string): T {
  // Under a debugger a step paused at a breakpoint is not a runaway one.
  if (debugging ??= inspectorUrl() !== undefined) return work();
  const s = (shared ??= start());
  s.generation = s.generation >= 0x7ffffffe ? 1 : s.generation + 1;
  const { written } = encoder.encodeInto(message(), s.text);
  Atomics.store(s.flags, 3, Date.now() - s.base);
  // A limit that is not a positive number of milliseconds (Infinity, NaN) is as good as none: about 24 days.
  Atomics.store(s.flags, 1, ms > 0 && ms < 0x7fffffff ? Math.ceil(ms) : 0x7fffffff);
  Atomics.store(s.flags, 2, written);
  Atomics.store(s.flags, 0, s.generation);
  try {
    return work();
  } finally {
    Atomics.store(s.flags, 0, 0);
  }
}
