import { TlabridgeError } from "../errors.js";
import { parseValue, ValueSyntaxError, type Value } from "../values/index.js";

/** A TLC model config, as far as the explorer uses it. */
export interface ModelConfig {
  readonly constants: ReadonlyMap<string, Value>;
  readonly init: string | undefined;
  readonly next: string | undefined;
  readonly specification: string | undefined;
  readonly invariants: readonly string[];
  /** PROPERTY / PROPERTIES: temporal formulas the behaviors must satisfy. */
  readonly properties: readonly string[];
  readonly constraints: readonly string[];
  readonly checkDeadlock: boolean;
  /** VIEW: states are told apart by this expression's value. */
  readonly view: string | undefined;
  /** SYMMETRY: a set of permutations of model values. */
  readonly symmetry: string | undefined;
  /** ACTION_CONSTRAINT: formulas over a step that transitions must satisfy. */
  readonly actionConstraints: readonly string[];
  /** `CONSTANT Name <- Op`: the constant stands for a definition. */
  readonly substitutions: ReadonlyMap<string, string>;
  /** The Toolbox's `C <-[Mod] Def`: overrides of a definition or constant of another module (its instances' copies too). */
  readonly moduleSubstitutions: ReadonlyMap<string, string>;
  /** Directives the explorer does not apply (reported). */
  readonly unsupported: readonly string[];
}

const KEYWORD = /^(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERTY|PROPERTIES|CONSTRAINTS?|ACTION_CONSTRAINTS?|VIEW|SYMMETRY|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\b/;

/** Parses a TLC `.cfg`. */
export function parseConfig(text: string, file: string): ModelConfig {
  const tokens: { word: string; line: number }[] = [];
  text
    .replace(/\\\*.*$/gm, "")
    .replace(/\(\*[\s\S]*?\*\)/g, "")
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/"(?:[^"\\]|\\.)*"|<-|[{}(),=]|<<|>>|[^\s{}(),=<>"]+/g)) tokens.push({ word: m[0], line: i + 1 });
    });
  const constants = new Map<string, Value>();
  const invariants: string[] = [];
  const properties: string[] = [];
  const constraints: string[] = [];
  const unsupported: string[] = [];
  const actionConstraints: string[] = [];
  const substitutions = new Map<string, string>();
  const moduleSubstitutions = new Map<string, string>();
  let view: string | undefined;
  let symmetry: string | undefined;
  let init: string | undefined;
  let next: string | undefined;
  let specification: string | undefined;
  let checkDeadlock = true;
  let section = "";
  for (let i = 0; i < tokens.length; i++) {
    const { word, line } = tokens[i]!;
    if (KEYWORD.test(word)) {
      section = word.replace(/S$/, "").replace(/PROPERTIE$/, "PROPERTY");
      continue;
    }
    switch (section) {
      case "CONSTANT": {
        if (tokens[i + 1]?.word === "<-") {
          // `C <- Def`, or the Toolbox's `C <-[Mod] Def` for a constant of an extended or instantiated module:
          // the explorer's modules share one namespace, so that override applies unless the main one is given.
          const target = tokens[i + 2]?.word ?? "";
          const scoped = /^\[(\w+)\](\w*)$/.exec(target);
          if (scoped) {
            const def = scoped[2] || tokens[i + 3]?.word || "";
            moduleSubstitutions.set(word, def);
            i += scoped[2] ? 2 : 3;
            break;
          }
          substitutions.set(word, target);
          i += 2;
          break;
        }
        if (tokens[i + 1]?.word !== "=") throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${line}: expected 'Name = value' after CONSTANTS, found ${word}.`);
        // The value runs until the next `Name =`, `Name <-` or keyword.
        let j = i + 2;
        let depth = 0;
        const parts: string[] = [];
        while (j < tokens.length) {
          const w = tokens[j]!.word;
          if (depth === 0 && parts.length > 0 && (KEYWORD.test(w) || tokens[j + 1]?.word === "=" || tokens[j + 1]?.word === "<-")) break;
          if (w === "{" || w === "<<" || w === "(") depth++;
          if (w === "}" || w === ">>" || w === ")") depth--;
          parts.push(w);
          j++;
        }
        // `C = [Mod]value`: a module-specific value (the modules share one namespace here).
        const scopedValue = /^\[\w+\](.*)$/.exec(parts[0] ?? "");
        if (scopedValue) parts[0] = scopedValue[1]!;
        if (scopedValue && constants.has(word)) {
          i = j - 1;
          break;
        }
        try {
          constants.set(word, parseValue(parts.join(" ")));
        } catch (e) {
          if (e instanceof ValueSyntaxError) throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${line}: ${e.expected} in the value of ${word}.`);
          throw e;
        }
        i = j - 1;
        break;
      }
      case "INIT":
        init = word;
        break;
      case "NEXT":
        next = word;
        break;
      case "SPECIFICATION":
        specification = word;
        break;
      case "INVARIANT":
        invariants.push(word);
        break;
      case "PROPERTY":
        properties.push(word);
        break;
      case "CONSTRAINT":
        constraints.push(word);
        break;
      case "VIEW":
        view = word;
        break;
      case "SYMMETRY":
        symmetry = word;
        break;
      case "ACTION_CONSTRAINT":
        actionConstraints.push(word);
        break;
      case "CHECK_DEADLOCK":
        checkDeadlock = word === "TRUE";
        break;
      default:
        unsupported.push(`${section} ${word}`);
    }
  }
  return { constants, init, next, specification, invariants, properties, constraints, checkDeadlock, view, symmetry, actionConstraints, substitutions, moduleSubstitutions, unsupported };
}
