import {
  type ATNSimulator,
  BaseErrorListener,
  CharStream,
  CommonTokenStream,
  type RecognitionException,
  type Recognizer,
  type Token,
} from "antlr4ng";
import { TlaValueLexer } from "../../generated/parser/TlaValueLexer.js";
import {
  FalseValueContext,
  FunctionValueContext,
  IntValueContext,
  IntervalValueContext,
  ModelValueContext,
  RecordValueContext,
  SetValueContext,
  StringValueContext,
  TlaValueParser,
  TrueValueContext,
  TupleValueContext,
  type ValueContext,
} from "../../generated/parser/TlaValueParser.js";
import { FALSE, TRUE, fn, int, interval, modelValue, record, seq, set, str, type Value } from "./value.js";

/**
 * A value text that is not TLA+ as TLC prints it. `line` and `column` are
 * 1-based and count code points within the parsed text.
 */
export class ValueSyntaxError extends Error {
  override readonly name = "ValueSyntaxError";
  constructor(
    /** What was expected, e.g. `expected ',' or '}', found ']'`. */
    readonly expected: string,
    /** 1-based line within the parsed text. */
    readonly line: number,
    /** 1-based column (code points) within that line. */
    readonly column: number,
  ) {
    super(`${line}:${column}: ${expected}`);
  }
}

const TOKEN_NAMES: Record<string, string> = {
  INT: "an integer",
  STRING: "a string",
  IDENT: "a name",
  "'<EOF>'": "end of input",
  "<EOF>": "end of input",
};

const VALUE_START = "{'{', '<<', '[', '(', 'TRUE', 'FALSE', INT, STRING, IDENT}";

function readable(msg: string): string {
  const names = (s: string): string =>
    s
      .replace(VALUE_START, "a value")
      .replace(/\b(INT|STRING|IDENT)\b|'?<EOF>'?/g, (m) => TOKEN_NAMES[m] ?? m).replace(/^\{(.*)\}$/, "one of $1");
  let m: RegExpMatchArray | null;
  if ((m = msg.match(/^mismatched input (.*) expecting (.*)$/s))) return `expected ${names(m[2]!)}, found ${names(m[1]!)}`;
  if ((m = msg.match(/^extraneous input (.*) expecting (.*)$/s))) return `expected ${names(m[2]!)}, found ${names(m[1]!)}`;
  if ((m = msg.match(/^missing (.*) at (.*)$/s))) return `expected ${names(m[1]!)} before ${names(m[2]!)}`;
  if ((m = msg.match(/^no viable alternative at input (.*)$/s))) return `expected a value, found ${names(m[1]!)}`;
  if ((m = msg.match(/^token recognition error at: (.*)$/s))) return `unexpected character ${m[1]}`;
  return msg;
}

class ThrowingListener extends BaseErrorListener {
  override syntaxError<S extends Token, T extends ATNSimulator>(
    _recognizer: Recognizer<T>,
    _offendingSymbol: S | null,
    line: number,
    column: number,
    msg: string,
    _e: RecognitionException | null,
  ): void {
    throw new ValueSyntaxError(readable(msg), line, column + 1);
  }
}

const LISTENER = new ThrowingListener();

// One lexer and parser, reset per call: building them costs more than parsing a short value.
let shared: { lexer: TlaValueLexer; parser: TlaValueParser } | undefined;

function parserFor(text: string): TlaValueParser {
  if (shared === undefined) {
    const lexer = new TlaValueLexer(CharStream.fromString(""));
    lexer.removeErrorListeners();
    lexer.addErrorListener(LISTENER);
    const parser = new TlaValueParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(LISTENER);
    shared = { lexer, parser };
  }
  const { lexer, parser } = shared;
  lexer.inputStream = CharStream.fromString(text);
  lexer.reset();
  parser.tokenStream = new CommonTokenStream(lexer);
  parser.reset();
  return parser;
}

function at(token: Token, expected: string): ValueSyntaxError {
  return new ValueSyntaxError(expected, token.line, token.column + 1);
}

function unescapeString(token: Token): string {
  const text = token.text!;
  return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => {
    switch (c) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "f":
        return "\f";
      case "r":
        return "\r";
      default:
        return c; // \" and \\ (the lexer admits no other escape)
    }
  });
}

function toInt(token: Token): number {
  const n = Number(token.text);
  if (!Number.isSafeInteger(n)) throw at(token, `integer ${token.text} is out of range`);
  return n;
}

function build(ctx: ValueContext): Value {
  if (ctx instanceof IntValueContext) return int(toInt(ctx.INT().symbol));
  if (ctx instanceof StringValueContext) return str(unescapeString(ctx.STRING().symbol));
  if (ctx instanceof ModelValueContext) return modelValue(ctx.IDENT().getText());
  if (ctx instanceof TrueValueContext) return TRUE;
  if (ctx instanceof FalseValueContext) return FALSE;
  if (ctx instanceof SetValueContext) return set(ctx.value().map(build));
  if (ctx instanceof TupleValueContext) return seq(ctx.value().map(build));
  if (ctx instanceof IntervalValueContext) {
    const [low, high] = ctx.INT();
    return interval(toInt(low!.symbol), toInt(high!.symbol));
  }
  if (ctx instanceof RecordValueContext) {
    const fields = ctx.field();
    const names = fields.map((f) => f.IDENT().getText());
    const seen = new Set<string>();
    for (const f of fields) {
      const name = f.IDENT().getText();
      if (seen.has(name)) throw at(f.IDENT().symbol, `record field ${name} is given twice`);
      seen.add(name);
    }
    return record(
      names,
      fields.map((f) => build(f.value())),
    );
  }
  if (ctx instanceof FunctionValueContext) {
    const mappings = ctx.mapping();
    const keys = mappings.map((m) => build(m.value(0)!));
    const values = mappings.map((m) => build(m.value(1)!));
    try {
      return fn(keys, values);
    } catch (e) {
      throw at(ctx.start!, e instanceof Error ? e.message : String(e));
    }
  }
  throw at(ctx.start!, "expected a value");
}

function guarded<T>(text: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new ValueSyntaxError("value is nested too deeply to read", 1, 1);
    }
    throw e;
  }
}

/** Parses one value as TLC prints it, e.g. `[a |-> {1, 2}]`. Throws {@link ValueSyntaxError}. */
export function parseValue(text: string): Value {
  return guarded(text, () => build(parserFor(text).singleValue().value()));
}

/** A variable and its value, as in one line of a printed state. */
export interface Assignment {
  readonly name: string;
  readonly value: Value;
}

/**
 * Parses one variable of a printed state: `/\ name = value` (or `name = value`
 * for a single-variable spec); the value may span wrapped lines.
 */
export function parseAssignment(text: string): Assignment {
  return guarded(text, () => {
    const ctx = parserFor(text).assignment();
    return { name: ctx.IDENT().getText(), value: build(ctx.value()) };
  });
}

/** An action name and its argument values, as in a DOT edge label. */
export interface ActionLabel {
  readonly name: string;
  readonly args: readonly Value[];
}

/** Parses a DOT edge label written with `actionlabels`: `Name` or `Name(v1,v2)`. */
export function parseActionLabel(text: string): ActionLabel {
  // TLC names an action of an instance `I!Op`: the name's `!`-separated parts go round the grammar's identifier.
  const qualified = /^((?:[A-Za-z0-9_]+!)+)([A-Za-z0-9_]+)/.exec(text);
  const prefix = qualified ? qualified[1]! : "";
  const rest = qualified ? text.slice(prefix.length) : text;
  return guarded(text, () => {
    const ctx = parserFor(rest).actionLabel();
    return { name: prefix + ctx.IDENT().getText(), args: ctx.value().map(build) };
  });
}
