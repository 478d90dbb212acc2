import { InputError, TlabridgeError } from "../errors.js";
import { closeNames, didYouMean } from "../util/close-names.js";
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
  /** Where each name a directive takes is (`INVARIANT TypeOK`: TypeOK at 3:11), for messages that point into the config. */
  readonly names?: readonly ConfigName[];
}

/** A name a config directive takes, and where it is. */
export interface ConfigName {
  /** The directive, in its canonical form (`INVARIANT` for `INVARIANTS`). */
  readonly directive: string;
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

const KEYWORD = /^(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERTY|PROPERTIES|CONSTRAINTS?|ACTION_CONSTRAINTS?|VIEW|SYMMETRY|CHECK_DEADLOCK|ALIAS|POSTCONDITION)$/;

/** The keywords of TLC's config language, as written. */
const KEYWORDS = [
  "CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS", "PROPERTY", "PROPERTIES", "CONSTRAINT", "CONSTRAINTS",
  "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "VIEW", "SYMMETRY", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION",
];

/** A keyword's canonical form: the singular (`INVARIANTS` and `INVARIANT` are one directive). */
function canonical(keyword: string): string {
  return keyword === "PROPERTIES" ? "PROPERTY" : keyword === "ALIAS" ? "ALIAS" : keyword.replace(/S$/, "");
}

/**
 * The keyword a word is a misspelling of, if it looks like one: written in
 * capitals (`CHECK_DEADLOCKS`, `INVARIANTT`, `ALIA`) and close to a keyword.
 * A definition may be named in capitals too, so only a close one counts.
 */
function misspelledKeyword(word: string): string | undefined {
  if (!/^[A-Z][A-Z_]{2,}$/.test(word) || KEYWORD.test(word) || word === "TRUE" || word === "FALSE") return undefined;
  return closeNames(word, KEYWORDS, 1)[0];
}

/** Parses a TLC `.cfg`. */
export function parseConfig(text: string, file: string): ModelConfig {
  const tokens: { word: string; line: number; column: number }[] = [];
  // Comments are blanked, not removed, so that the columns of what follows stay those of the file.
  const blank = (m: string): string => m.replace(/[^\n]/g, " ");
  text
    .replace(/\(\*[\s\S]*?\*\)/g, blank)
    .replace(/\\\*.*$/gm, blank)
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/"(?:[^"\\]|\\.)*"|<-|[{}(),=]|<<|>>|[^\s{}(),=<>"]+/g)) tokens.push({ word: m[0], line: i + 1, column: m.index + 1 });
    });
  const names: ConfigName[] = [];
  const where = (t: { line: number; column: number }) => ({ file, line: t.line, column: t.column });
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
    const token = tokens[i]!;
    const { word, line } = token;
    if (KEYWORD.test(word)) {
      section = canonical(word);
      continue;
    }
    // A misspelled keyword would otherwise be read as a name of the directive before it (`CHECK_DEADLOCKS FALSE`
    // as two more invariants), or as a constant's value, and never reported.
    const keyword = misspelledKeyword(word);
    if (keyword !== undefined) {
      throw new InputError("CONFIG_UNKNOWN_KEYWORD", where(token), `${word} is not a keyword of TLC's config; did you mean ${keyword}?`);
    }
    if (section === "") {
      throw new InputError("CONFIG_SYNTAX", where(token), `expected a keyword (${[...new Set(KEYWORDS.map(canonical))].join(", ")}), found ${word}${didYouMean(word, KEYWORDS)}.`);
    }
    if (section !== "CONSTANT" && /^[A-Za-z_]/.test(word) && !(section === "CHECK_DEADLOCK")) names.push({ directive: section, name: word, line: token.line, column: token.column });
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
          if (depth === 0 && parts.length > 0 && (KEYWORD.test(w) || misspelledKeyword(w) !== undefined || tokens[j + 1]?.word === "=" || tokens[j + 1]?.word === "<-")) break;
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
  return { constants, init, next, specification, invariants, properties, constraints, checkDeadlock, view, symmetry, actionConstraints, substitutions, moduleSubstitutions, unsupported, names };
}

/**
 * Refuses a config that names what the spec does not define (`INVARIANT
 * Consistentt`, `SPECIFICATION TPSpecc`), at the name's place in the config
 * with the spec's names closest to it: the config is what is wrong, not the
 * spec. `defined` are the spec's definitions (what it EXTENDS and INSTANCEs
 * included); `own` are those of its own module, offered first.
 */
export function checkConfigNames(
  config: ModelConfig,
  configFile: string,
  specName: string,
  defined: ReadonlyMap<string, { readonly params: readonly unknown[]; readonly text?: string }>,
  own: Iterable<string> = [],
): void {
  for (const n of config.names ?? []) {
    if (defined.has(n.name)) continue;
    const candidates = [...own, ...defined.keys()].filter((d) => !d.includes("!") && defined.get(d)?.params.length === 0);
    let hint = didYouMean(n.name, candidates);
    if (hint === "" && n.directive === "SPECIFICATION") {
      // No close name: say which formulas could be the SPECIFICATION (those with a [][Next]_vars), or that none can.
      const temporal = candidates.filter((d) => /\[\]\s*\[/.test(defined.get(d)?.text ?? ""));
      hint = temporal.length > 0 ? ` (its temporal formulas: ${temporal.slice(0, 5).join(", ")})` : ` (it defines no formula Init /\\ [][Next]_vars: give INIT and NEXT instead)`;
    }
    throw new InputError(
      "CONFIG_UNDEFINED",
      { file: configFile, line: n.line, column: n.column },
      `${n.directive} ${n.name} is not defined in ${specName} or the modules it extends${hint}: fix the name in the config, or define it in the spec.`,
    );
  }
}
