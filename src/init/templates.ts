/**
 * The text of adapter skeletons. Names from the spec (actions, parameters,
 * variables, constants) are TLA+ identifiers, but they still go into the code
 * only as JSON strings or after a check that they are plain identifiers of the
 * target language: a parameter named `new` or `lambda` must not break the file.
 *
 * @module
 */
import type { SpecAction } from "../explorer/actions.js";

/** What a skeleton is made from. */
export interface SkeletonModel {
  /** The spec's file name, for comments (`KVStore.tla`). */
  readonly specName: string;
  readonly actions: readonly SpecAction[];
  readonly variables: readonly string[];
  /** Each constant with its value in the config, printed in TLA+ (undefined: not given there). */
  readonly constants: readonly { readonly name: string; readonly value: string | undefined }[];
}

const JS_RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof " +
    "new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval"
  ).split(" "),
);

const PY_RESERVED = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda " +
    "nonlocal not or pass raise return try while with yield system args"
  ).split(" "),
);

/** Whether a name can be a JavaScript binding as it is. */
function jsIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && !JS_RESERVED.has(name) && name !== "system";
}

/** A property key: bare when it is an identifier, else a JSON string. */
function jsKey(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Text for a `//` or `#` comment: on one line whatever it holds (JavaScript also ends lines at U+2028 and U+2029). */
function commentText(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, " ");
}

/** `Read(t, k, v)`. */
function signature(a: SpecAction): string {
  return a.params.length === 0 ? a.name : `${a.name}(${a.params.join(", ")})`;
}

/** The TypeScript adapter: `defineAdapter` with one handler per action, `setup` and `observe`. */
export function typescriptAdapter(m: SkeletonModel): string {
  const lines: string[] = [
    `// The adapter between ${commentText(m.specName)} and the implementation, written by \`tlabridge init\`.`,
    `// Fill in setup, each action's handler and observe; the handlers' TODOs make every test fail until then.`,
    `import { defineAdapter } from "tlabridge/runtime";`,
    ``,
    `/** The implementation under test: replace with its type (a store, a client, a process handle...). */`,
    `type System = unknown;`,
    ``,
    `export default defineAdapter<System>({`,
    `  // A fresh system for every test. The config's constants, by name (model values as strings, sets as arrays):`,
  ];
  for (const c of m.constants) lines.push(`  //   ${c.name}${c.value !== undefined ? ` = ${commentText(c.value)}` : ""}`);
  lines.push(`  setup: (constants) => {`);
  const destructured = m.constants.map((c) => c.name).filter(jsIdentifier);
  if (destructured.length > 0) lines.push(`    const { ${destructured.join(", ")} } = constants;`, `    void [${destructured.join(", ")}];`);
  else lines.push(`    void constants;`);
  lines.push(`    throw new Error("TODO: setup: create the system under test");`, `  },`, ``);
  lines.push(
    `  // One handler per action of the spec, given the step's arguments by parameter name. A handler returns the`,
    `  // parameters the implementation answers (a read's value, a commit's outcome) to compare them with the model's.`,
    `  actions: {`,
  );
  for (const a of m.actions) {
    lines.push(`    // ${commentText(signature(a))}`);
    const plain = a.params.length > 0 && a.params.every(jsIdentifier) && new Set(a.params).size === a.params.length;
    const args = a.params.length === 0 ? "" : plain ? `{ ${a.params.join(", ")} }` : "args";
    lines.push(`    ${jsKey(a.name)}: (system${args ? `, ${args}` : ""}) => {`);
    if (plain) lines.push(`      void [system, ${a.params.join(", ")}];`);
    else lines.push(`      void [system${args ? ", args" : ""}];`);
    lines.push(`      throw new Error(${JSON.stringify(`TODO: ${a.name}`)});`, `    },`);
  }
  lines.push(`  },`, ``);
  lines.push(
    `  // The implementation's state as the spec's variables: each key returned is compared with the model's variable`,
    `  // of that name after every step (leave out those the implementation does not have).`,
    `  observe: (system) => {`,
    `    void system;`,
    `    return {`,
  );
  for (const v of m.variables) lines.push(`      // ${jsKey(v)}: ...,`);
  lines.push(`    };`, `  },`, `});`, ``);
  return lines.join("\n");
}

/** The TypeScript file that runs a program as the adapter (NDJSON over stdin/stdout). */
export function subprocessTypescriptAdapter(specName: string, command: readonly string[]): string {
  return [
    `// The adapter between ${commentText(specName)} and a program that drives the implementation, written by \`tlabridge init\`.`,
    `// The program (beside this file: relative paths are taken from this file's folder) answers NDJSON requests.`,
    `import { subprocessAdapter } from "tlabridge/runtime";`,
    ``,
    `export default subprocessAdapter({ command: ${JSON.stringify(command)}, from: import.meta.url });`,
    ``,
  ].join("\n");
}

/** Whether a name can be a Python variable as it is. */
function pyIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_RESERVED.has(name);
}

/** The Python adapter program: the subprocess protocol, one function per action, setup and observe. */
export function pythonAdapter(m: SkeletonModel): string {
  const lines: string[] = [
    `#!/usr/bin/env python3`,
    `"""The adapter program between ${commentText(m.specName).replace(/["\\]/g, "")} and the implementation, written by \`tlabridge init\`.`,
    ``,
    `tlabridge sends one JSON request per line on stdin and reads one reply per line on stdout:`,
    `  {"id": 1, "method": "setup", "constants": {...}}              -> {"id": 1, "ok": true}`,
    `  {"id": 2, "method": "step", "action": "A", "args": {...}}     -> {"id": 2, "ok": true, "result": {...}}`,
    `  {"id": 3, "method": "observe"}                                -> {"id": 3, "ok": true, "result": {...}}`,
    `  {"id": 4, "method": "teardown"}                               -> {"id": 4, "ok": true}`,
    `Values are ITF JSON with model values as plain names (a set is {"#set": [...]}); an error replies`,
    `{"id": n, "ok": false, "error": "..."}. Fill in setup, each action and observe.`,
    `"""`,
    `import json`,
    `import sys`,
    ``,
    ``,
    `def setup(constants):`,
    `    """A fresh system for one test. The config's constants, by name:`,
  ];
  for (const c of m.constants) lines.push(`    ${commentText(c.name)}${c.value !== undefined ? ` = ${commentText(c.value).replace(/"""|\\/g, "")}` : ""}`);
  lines.push(`    """`, `    raise NotImplementedError("TODO: setup: create the system under test")`, ``, ``);
  const fn = (a: SpecAction, i: number): string => (pyIdentifier(`do_${a.name}`) && /^[A-Za-z0-9_]+$/.test(a.name) ? `do_${a.name}` : `do_action_${i + 1}`);
  m.actions.forEach((a, i) => {
    lines.push(`def ${fn(a, i)}(system, args):`, `    # ${commentText(signature(a))}`);
    for (const p of a.params) lines.push(pyIdentifier(p) ? `    ${p} = args[${JSON.stringify(p)}]` : `    # args[${JSON.stringify(p)}]`);
    lines.push(`    raise NotImplementedError(${JSON.stringify(`TODO: ${a.name}`)})`, `    # return {}  # the parameters the implementation answers, compared with the model's`, ``, ``);
  });
  lines.push(`ACTIONS = {`);
  m.actions.forEach((a, i) => lines.push(`    ${JSON.stringify(a.name)}: ${fn(a, i)},`));
  lines.push(`}`, ``, ``);
  lines.push(`def observe(system):`, `    """The implementation's state as the spec's variables, compared with the model's after every step."""`, `    return {`);
  for (const v of m.variables) lines.push(`        # ${JSON.stringify(v)}: ...,`);
  lines.push(`    }`, ``, ``);
  lines.push(
    `def main():`,
    `    system = None`,
    `    for line in sys.stdin:`,
    `        if not line.strip():`,
    `            continue`,
    `        request = json.loads(line)`,
    `        reply = {"id": request["id"], "ok": True}`,
    `        try:`,
    `            method = request["method"]`,
    `            if method == "setup":`,
    `                system = setup(request.get("constants", {}))`,
    `            elif method == "step":`,
    `                handler = ACTIONS.get(request["action"])`,
    `                if handler is None:`,
    `                    raise ValueError("no handler for action %s" % request["action"])`,
    `                result = handler(system, request.get("args", {}))`,
    `                if result is not None:`,
    `                    reply["result"] = result`,
    `            elif method == "observe":`,
    `                reply["result"] = observe(system)`,
    `            elif method == "teardown":`,
    `                system = None`,
    `        except Exception as e:  # the step failed or was refused: tlabridge reads the error`,
    `            reply = {"id": request["id"], "ok": False, "error": str(e)}`,
    `        sys.stdout.write(json.dumps(reply) + "\\n")`,
    `        sys.stdout.flush()`,
    ``,
    ``,
    `if __name__ == "__main__":`,
    `    main()`,
    ``,
  );
  return lines.join("\n");
}
