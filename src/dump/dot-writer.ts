import type { StateGraph } from "../graph/index.js";
import { withAtomicFile } from "../util/output.js";
import { printActionLabel, printValue } from "../values/index.js";

function escape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A 64-bit id for a state without a TLC fingerprint: two FNV-1a hashes of its text. */
function syntheticFingerprint(text: string): bigint {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return BigInt.asIntN(64, (BigInt(a >>> 0) << 32n) | BigInt(b >>> 0));
}

/**
 * Writes a state graph as TLC's `-dump dot,actionlabels` does: initial states
 * first, then every transition, each new state right after the edge that
 * found it; written to a temporary file and renamed, so the file is whole or
 * absent. Node ids are TLC's fingerprints when known, else 64-bit hashes.
 */
export async function writeDot(graph: StateGraph, file: string): Promise<void> {
  await withAtomicFile(file, async (out) => {
    let buffered = "";
    const write = async (line: string): Promise<void> => {
      buffered += line + "\n";
      if (buffered.length > 1 << 16) {
        await out.writeFile(buffered);
        buffered = "";
      }
    };
    const { core } = graph;
    const label = (id: number): string => {
      const lines = graph.variables.map((v, slot) => `${v} = ${printValue(graph.valueOf(id, slot))}`);
      return escape(lines.length === 1 ? lines[0]! : lines.map((l) => `/\\ ${l}`).join("\n"));
    };
    // Each state's label is printed once: it names the node and, without a fingerprint, gives its id.
    const labels = new Array<string>(core.stateCount);
    const labelOf = (s: number): string => (labels[s] ??= label(s));
    const ids = new Array<string>(core.stateCount);
    const idOf = (s: number): string => (ids[s] ??= String(graph.fingerprintOf(s) ?? syntheticFingerprint(labelOf(s))));
    await write("strict digraph DiskGraph {");
    await write("nodesep=0.35;");
    await write("subgraph cluster_graph {");
    await write('color="white";');
    const written = new Uint8Array(core.stateCount);
    for (const s of core.initialStates) {
      written[s] = 1;
      await write(`${idOf(s)} [label="${labelOf(s)}",style = filled]`);
    }
    const actionLabels = graph.actions.map((a) => escape(printActionLabel(a.name, a.args)));
    for (let t = 0; t < core.transitionCount; t++) {
      const from = core.source[t]!;
      const to = core.target[t]!;
      await write(`${idOf(from)} -> ${idOf(to)} [label="${actionLabels[core.action[t]!]}",color="black",fontcolor="black"];`);
      if (!written[to]) {
        written[to] = 1;
        const text = labelOf(to);
        const outside = graph.isOutsideConstraint(to);
        await write(outside ? `${idOf(to)} [label="${text}",style = filled, fillcolor=lightyellow];` : `${idOf(to)} [label="${text}",tooltip="${text}"];`);
      }
    }
    for (let s = 0; s < core.stateCount; s++) if (!written[s]) await write(`${idOf(s)} [label="${labelOf(s)}",tooltip="${labelOf(s)}"];`);
    await write("}");
    buffered += "}";
    await out.writeFile(buffered);
  });
}
