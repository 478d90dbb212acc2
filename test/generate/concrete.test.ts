// Concrete behaviours from a SYMMETRY-reduced graph: every cover path becomes
// a real behaviour of the spec through the same orbits, or is refused.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { coverGraph, type Cover } from "../../src/cover/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { TlabridgeError } from "../../src/errors.js";
import { ExplorerError, exploreSpec, openSpec, type SpecStepper } from "../../src/explorer/index.js";
import { concreteBehaviours, concreteBehavioursOf } from "../../src/generate/concrete.js";
import type { StateGraph } from "../../src/graph/index.js";
import { equals, printActionLabel, printValue, type Value } from "../../src/values/index.js";
import { ROOT } from "../helpers/fixtures.js";

const SPEC = path.join(ROOT, "specs/kvstore-symmetry/MCKVStoreSym.tla");
const CONFIG = path.join(ROOT, "specs/kvstore-symmetry/KVStore-sym.cfg");
const TLC_DOT = path.join(ROOT, "test/fixtures/generate/kvstore-sym-tlc.dot");
/** MCKVStoreSym EXTENDS KVStore, which is in its own folder. */
const LIB = [path.join(ROOT, "specs/kvstore")];
const UNSOUND = path.join(ROOT, "test/fixtures/generate/Unsound.tla");

/** A graph state's values in the stepper's variable order. */
function valuesOf(graph: StateGraph, id: number, stepper: SpecStepper): Value[] {
  return stepper.variables.map((v) => graph.valueOf(id, v));
}

const same = (a: readonly Value[], b: readonly Value[]): boolean => a.length === b.length && a.every((v, i) => equals(v, b[i]!));

/** Whether a path of a graph is a behaviour of the spec: an initial state, then steps the spec takes, by the action instances the graph names. */
function isBehaviour(graph: StateGraph, p: Cover["paths"][number], stepper: SpecStepper): boolean {
  let current = valuesOf(graph, p.initialState, stepper);
  if (!stepper.initialStates().some((s) => same(s, current))) return false;
  for (const t of p.transitions) {
    const { name, args, target } = graph.transition(t);
    const next = valuesOf(graph, target, stepper);
    const ok = stepper.successors(current, name).some((s) => same(s.state, next) && same(s.args, args));
    if (!ok) return false;
    current = next;
  }
  return true;
}

/** The graph states a path visits. */
function statesOf(graph: StateGraph, p: Cover["paths"][number]): number[] {
  return [p.initialState, ...p.transitions.map((t) => graph.core.target[t]!)];
}

describe("concreteBehaviours on KVStore with SYMMETRY over the transactions", () => {
  let stepper: SpecStepper;
  let plain: SpecStepper;
  const sources: Record<string, StateGraph> = {};
  beforeAll(async () => {
    stepper = await openSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    plain = await openSpec({ spec: path.join(ROOT, "specs/kvstore/KVStore.tla"), config: path.join(ROOT, "specs/kvstore/KVStore.cfg") });
    const explored = await exploreSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    if (explored.kind !== "success") throw new Error(explored.kind);
    sources.explorer = explored.graph;
    sources.tlc = (await readStateGraph(TLC_DOT)).graph;
  });

  it("the stepper knows the symmetry, and a config without one has none", () => {
    expect(stepper.symmetry).toBe(true);
    expect(typeof stepper.representative).toBe("function");
    expect(plain.symmetry).toBe(false);
    expect(plain.representative).toBeUndefined();
  });

  it("the quotient is smaller than the full graph, as TLC reduced it too", () => {
    expect([sources.explorer!.stateCount, sources.explorer!.transitionCount]).toEqual([138, 354]);
    expect([sources.tlc!.stateCount, sources.tlc!.transitionCount]).toEqual([138, 354]);
  });

  for (const source of ["explorer", "tlc"] as const) {
    for (const criterion of ["transitions", "states"] as const) {
      describe(`from the ${source}'s graph, ${criterion} cover`, () => {
        let quotient: StateGraph;
        let cover: Cover;
        let result: ReturnType<typeof concreteBehaviours>;
        beforeAll(() => {
          quotient = sources[source]!;
          cover = coverGraph(quotient, { criterion });
          result = concreteBehaviours(quotient, cover, stepper);
        });

        it("every concrete path is a behaviour of the spec (also without SYMMETRY)", () => {
          expect(result.cover.paths.length).toBe(cover.paths.length);
          for (const p of result.cover.paths) {
            expect(isBehaviour(result.graph, p, stepper)).toBe(true);
            expect(isBehaviour(result.graph, p, plain)).toBe(true);
          }
        });

        it("each concrete path goes through the quotient path's orbits, by the same actions", () => {
          cover.paths.forEach((q, i) => {
            const c = result.cover.paths[i]!;
            expect(c.transitions.length).toBe(q.transitions.length);
            const qs = statesOf(quotient, q);
            const cs = statesOf(result.graph, c);
            qs.forEach((s, j) => {
              const expected = stepper.representative!(valuesOf(quotient, s, stepper));
              expect(same(stepper.representative!(valuesOf(result.graph, cs[j]!, stepper)), expected)).toBe(true);
            });
            q.transitions.forEach((t, j) => expect(result.graph.transition(c.transitions[j]!).name).toBe(quotient.transition(t).name));
          });
        });

        it("the naive suite would not: some quotient paths are not behaviours", () => {
          const broken = cover.paths.filter((p) => !isBehaviour(quotient, p, plain));
          expect(broken.length).toBeGreaterThan(0);
          expect(broken.length).toBeLessThan(cover.paths.length);
        });

        it("keeps the quotient cover's counts, and holds only what the paths take", () => {
          const c = result.cover;
          expect(c.criterion).toBe(criterion);
          expect([c.steps, c.covered, c.total, c.lowerBound, c.maxSteps]).toEqual([cover.steps, cover.covered, cover.total, cover.lowerBound, cover.maxSteps]);
          expect(c.transitionsExercised).toBe(result.graph.transitionCount);
          expect(c.statesVisited).toBe(result.graph.stateCount);
          expect(result.graph.variables).toEqual(quotient.variables);
          expect(result.graph.initialStates.length).toBeGreaterThan(0);
          for (const id of result.graph.initialStates) expect(result.graph.fingerprintOf(id)).toBeUndefined();
          // No state nor transition twice.
          const keys = [...result.graph.transitions()].map((t) => `${t.source} ${printActionLabel(t.name, t.args)} ${t.target}`);
          expect(new Set(keys).size).toBe(keys.length);
        });

        it("is deterministic", () => {
          const again = concreteBehaviours(quotient, coverGraph(quotient, { criterion }), stepper);
          expect(again.cover).toEqual(result.cover);
          const dump = (g: StateGraph) => [[...g.states()], [...g.transitions()]];
          expect(dump(again.graph)).toEqual(dump(result.graph));
        });
      });
    }
  }

  it("maps a graph back unchanged when there is no symmetry to undo", async () => {
    const full = await exploreSpec({ spec: path.join(ROOT, "specs/kvstore/KVStore.tla"), config: path.join(ROOT, "specs/kvstore/KVStore.cfg") });
    if (full.kind !== "success") throw new Error(full.kind);
    const cover = coverGraph(full.graph);
    const result = concreteBehaviours(full.graph, cover, plain);
    cover.paths.forEach((q, i) => {
      const c = result.cover.paths[i]!;
      const qs = statesOf(full.graph, q);
      statesOf(result.graph, c).forEach((s, j) => expect(same(valuesOf(result.graph, s, plain), valuesOf(full.graph, qs[j]!, plain))).toBe(true));
    });
  });

  it("with images, every permutation of every path too: all behaviours, each once, and each pair of steps of the paths taken as it is by some path", async () => {
    const cover = coverGraph(sources.explorer!, { criterion: "transition-pairs" });
    const one = concreteBehaviours(sources.explorer!, cover, stepper);
    const all = concreteBehaviours(sources.explorer!, cover, stepper, { images: true });
    // Transactions permuted: the identity and one swap, so at most twice the paths (an image may repeat a path).
    expect(all.cover.paths.length).toBeGreaterThan(one.cover.paths.length);
    expect(all.cover.paths.length).toBeLessThanOrEqual(2 * one.cover.paths.length);
    const keys = all.cover.paths.map((p) => `${p.initialState}:${p.transitions.join(",")}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of all.cover.paths) expect(isBehaviour(all.graph, p, plain)).toBe(true);
    // The swap of "t1 begins, then t2 begins" is "t2 begins, then t1 begins": both orders are there.
    const starts = new Set(all.cover.paths.map((p) => p.transitions.slice(0, 2).map((t) => printValue(all.graph.transition(t).args[0]!)).join(">")));
    expect(starts).toContain("t1>t2");
    expect(starts).toContain("t2>t1");
  });

  it("the keys may be permuted too", async () => {
    const config = path.join(ROOT, "test/fixtures/generate/KVStore-sym-keys.cfg");
    const explored = await exploreSpec({ spec: SPEC, config, libraryPaths: LIB });
    if (explored.kind !== "success") throw new Error(explored.kind);
    expect(explored.graph.stateCount).toBe(88);
    const cover = coverGraph(explored.graph);
    const result = await concreteBehavioursOf(explored.graph, cover, { spec: SPEC, config, libraryPaths: LIB });
    for (const p of result.cover.paths) expect(isBehaviour(result.graph, p, plain)).toBe(true);
  });
});

describe("refusals", () => {
  const error = (work: () => unknown): TlabridgeError => {
    try {
      work();
    } catch (e) {
      if (e instanceof TlabridgeError) return e;
      throw e;
    }
    throw new Error("no error");
  };

  it("a SYMMETRY that is not a symmetry of the spec: GENERATE_SYMMETRY_UNSOUND", async () => {
    const stepper = await openSpec({ spec: UNSOUND });
    const explored = await exploreSpec({ spec: UNSOUND });
    if (explored.kind !== "success") throw new Error(explored.kind);
    const g = explored.graph;
    const all = [...g.transitions()];
    const lead = all.find((t) => t.name === "Lead")!;
    const join2 = all.find((t) => printActionLabel(t.name, t.args) === "Join(p2)")!;
    expect(join2.target).toBe(lead.source); // the quotient merged {p2} into {p1}'s orbit
    const cover: Cover = { ...coverGraph(g), paths: [{ initialState: g.initialStates[0]!, transitions: [join2.id, lead.id] }] };
    const e = error(() => concreteBehaviours(g, cover, stepper));
    expect(e.code).toBe("GENERATE_SYMMETRY_UNSOUND");
    expect(e.message).toMatch(/^path 1, step 2 \(Lead\): .*remove SYMMETRY from the config/);
  });

  it("a spec the explorer cannot step: GENERATE_SYMMETRY_UNSUPPORTED", async () => {
    const real = await openSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    const broken: SpecStepper = {
      ...real,
      successors: () => {
        throw new ExplorerError({ module: "KVStore", line: 1, column: 1 }, "the operator Foo is not supported by the explorer yet");
      },
    };
    const explored = await exploreSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    if (explored.kind !== "success") throw new Error(explored.kind);
    const e = error(() => concreteBehaviours(explored.graph, coverGraph(explored.graph), broken));
    expect(e.code).toBe("GENERATE_SYMMETRY_UNSUPPORTED");
    expect(e.message).toMatch(/^the embedded explorer cannot step this spec \(KVStore.tla:1:1: the operator Foo is not supported by the explorer yet\), .*generate from a config without SYMMETRY\.$/);
  });

  it("opening: a module not found is reported as it is (it needs --lib, not another config)", async () => {
    const explored = await exploreSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    if (explored.kind !== "success") throw new Error(explored.kind);
    const e = await concreteBehavioursOf(explored.graph, coverGraph(explored.graph), { spec: SPEC, config: CONFIG }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TlabridgeError);
    expect((e as TlabridgeError).code).toBe("EXPLORER_MODULE_NOT_FOUND");
  });

  it("a graph of another spec: GENERATE_SYMMETRY_MISMATCH", async () => {
    const stepper = await openSpec({ spec: UNSOUND });
    const g = (await readStateGraph(TLC_DOT)).graph;
    const e = error(() => concreteBehaviours(g, coverGraph(g), stepper));
    expect(e.code).toBe("GENERATE_SYMMETRY_MISMATCH");
  });
});
