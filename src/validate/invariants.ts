/**
 * The config's invariants, evaluated on the states of the behaviour that
 * explains a log. The explorer steps specs but does not evaluate formulas
 * on a state it is given, so each invariant becomes an action of a wrapper
 * module, `TlabridgeViolates_<n> == ~(Inv) /\ UNCHANGED vars`: a state has
 * a successor by it exactly when it violates Inv.
 *
 * @module
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openSpec, parseConfig } from "../explorer/index.js";
import type { Value } from "../values/index.js";

/** Checks states (variables in the order `variables` gave) against the config's invariants. */
export interface InvariantChecker {
  /** The config's invariants, in its order. */
  readonly names: readonly string[];
  /** The first invariant the state violates, or undefined. */
  violated(state: readonly Value[]): string | undefined;
}

/** Config sections kept for the wrapper: only what gives constants their values. */
const KEPT = /^(CONSTANTS?)$/;
const SECTION = /^\s*(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERTY|PROPERTIES|CONSTRAINTS?|ACTION_CONSTRAINTS?|VIEW|SYMMETRY|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\b/;

/**
 * Opens a checker for the invariants of `config` (undefined when it has
 * none). `variables` are the spec's, in the order states will be given.
 */
export async function openInvariants(spec: string, config: string, libraryPaths: readonly string[], variables: readonly string[]): Promise<InvariantChecker | undefined> {
  const text = readFileSync(config, "utf8");
  const names = parseConfig(text, config).invariants;
  if (names.length === 0) return undefined;
  const module = path.basename(spec, ".tla");
  const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-invariants-"));
  try {
    const vars = `<<${variables.join(", ")}>>`;
    const wrapper = [
      "---- MODULE TlabridgeInvariants ----",
      `EXTENDS ${module}`,
      // Never stepped from: only successors of given states are asked for.
      "TlabridgeInit == FALSE",
      ...names.map((n, i) => `TlabridgeViolates_${i} == ~(${n}) /\\ UNCHANGED ${vars}`),
      `TlabridgeInvariants == ${names.map((_, i) => `TlabridgeViolates_${i}`).join(" \\/ ")}`,
      "====",
      "",
    ].join("\n");
    writeFileSync(path.join(dir, "TlabridgeInvariants.tla"), wrapper);
    let section = "";
    const constants = text
      .replace(/\\\*.*$/gm, "")
      .split("\n")
      .filter((line) => {
        const m = SECTION.exec(line);
        if (m) section = m[1]!;
        return KEPT.test(section);
      });
    writeFileSync(path.join(dir, "TlabridgeInvariants.cfg"), [...constants, "INIT TlabridgeInit", "NEXT TlabridgeInvariants", ""].join("\n"));
    const stepper = await openSpec({ spec: path.join(dir, "TlabridgeInvariants.tla"), config: path.join(dir, "TlabridgeInvariants.cfg"), libraryPaths: [path.dirname(path.resolve(spec)), ...libraryPaths] });
    // The wrapper extends the spec, so it has the same variables; map by name all the same.
    const order = stepper.variables.map((v) => variables.indexOf(v));
    return {
      names,
      violated: (state) => {
        const steps = stepper.successors(order.map((i) => state[i]!));
        if (steps.length === 0) return undefined;
        const first = Math.min(...steps.map((s) => Number(/^TlabridgeViolates_(\d+)$/.exec(s.name)?.[1] ?? 0)));
        return names[first];
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
