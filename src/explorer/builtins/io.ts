/**
 * CommunityModules' IOUtils and CSV: files, environment and processes, as
 * TLC's overrides do them (synchronously, during evaluation). IOSerialize
 * and IODeserialize use TLC's binary value format and are not supported.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { EOL } from "node:os";
import { TRUE, int, printValue, record, seq, str, type Value } from "../../values/index.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, applyFn, tlcString, type Args } from "./util.js";
import { setOwn } from "../../util/own.js";

const EXEC_FIELDS = ["exitValue", "stdout", "stderr"];

function execResult(exitValue: number, stdout: string, stderr: string): Value {
  return record(EXEC_FIELDS, [int(exitValue), str(stdout), str(stderr)]);
}

/** Java's String.format for the `%s`, `%n$s`, `%%` and `%n` a command template uses. */
export function javaFormat(template: string, params: readonly string[]): string {
  let next = 0;
  return template.replace(/%(?:(\d+)\$)?([sSdn%])/g, (whole, pos: string | undefined, conv: string) => {
    if (conv === "%") return "%";
    if (conv === "n") return EOL;
    const p = pos !== undefined ? params[Number(pos) - 1] : params[next++];
    if (p === undefined) throw new RangeError(`Format specifier '${whole}' has no argument`);
    return conv === "S" ? p.toUpperCase() : p;
  });
}

function strings(a: Args, i: number, op: string): string[] {
  const v = a.value(i);
  if (v.kind !== "seq") return a.host.fail(`The argument of ${op} should be a sequence, but instead it is:\n${printValue(v)}`);
  return v.elements.map((x) => (x.kind === "string" ? x.value : a.host.fail(`The argument of ${op} should be a sequence of strings, but instead it is:\n${printValue(v)}`)));
}

function environment(a: Args, i: number, op: string): Record<string, string> {
  const v = a.value(i);
  if (v.kind !== "record" && !(v.kind === "seq" && v.elements.length === 0)) return a.host.fail(`The argument of ${op} should be a record, but instead it is:\n${printValue(v)}`);
  const env: Record<string, string> = {};
  if (v.kind === "record") v.fields.forEach((f, j) => setOwn(env, f, unquoted(v.values[j]!)));
  return env;
}

function unquoted(v: Value): string {
  return v.kind === "string" ? v.value : printValue(v);
}

function run(a: Args, command: readonly string[], env?: Record<string, string>): Value {
  if (command.length === 0) return a.host.fail(`${a.op}: the command is empty`);
  const r = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", env: env ? { ...process.env, ...env } : process.env });
  if (r.error) return a.host.fail(`${a.op} cannot run ${command[0]}: ${r.error.message}`);
  return execResult(r.status ?? 1, r.stdout, r.stderr);
}

function template(a: Args, t: number, p: number, op: string): string[] {
  const params = strings(a, p, op);
  try {
    return strings(a, t, op).map((s) => javaFormat(s, params));
  } catch (err) {
    return a.host.fail(`${op}: ${(err as Error).message}`);
  }
}

function option(a: Args, options: Value, name: string): Value {
  return applyFn(options, str(name)) ?? a.host.fail(`${a.op}: the options record has no field ${name}`);
}

/** IOUtils. */
export const IO_UTILS: BuiltinModule = new ModuleBuilder()
  .def("IOSerialize", 3, (a) => a.host.fail("IOSerialize writes TLC's binary value format, which the embedded explorer does not support (use Json or Serialize)"))
  .def("IODeserialize", 2, (a) => a.host.fail("IODeserialize reads TLC's binary value format, which the embedded explorer does not support (use Json or Deserialize)"))
  .def("Serialize", 3, (a) => {
    const options = a.value(2);
    const format = option(a, options, "format");
    if (format.kind !== "string" || format.value !== "TXT") return a.host.fail(`Serialize: only the format "TXT" is supported, not ${printValue(format)}`);
    const payload = a.value(0);
    const dest = a.value(1);
    if (payload.kind !== "string" || dest.kind !== "string") return execResult(1, "", "Serialize error invalid parameters: the payload and the file must be strings");
    const opts = option(a, options, "openOptions");
    const names = opts.kind === "seq" ? opts.elements.map(unquoted) : [];
    try {
      if (names.includes("APPEND")) appendFileSync(dest.value, payload.value);
      else writeFileSync(dest.value, payload.value, { flag: names.includes("CREATE_NEW") ? "wx" : "w" });
    } catch (err) {
      return execResult(1, "", `Serialize error writing to the file: ${(err as Error).message}`);
    }
    return execResult(0, "Finish writing to the file with success!", "");
  })
  .def("Deserialize", 2, (a) => {
    const format = option(a, a.value(1), "format");
    if (format.kind !== "string" || format.value !== "TXT") return a.host.fail(`Deserialize: only the format "TXT" is supported, not ${printValue(format)}`);
    const src = a.string(0);
    try {
      return execResult(0, readFileSync(src, "utf8"), "");
    } catch (err) {
      return execResult(1, "", `Deserialize error reading from the file: ${(err as Error).message}`);
    }
  })
  .def("IOExec", 1, (a) => run(a, strings(a, 0, "IOExec")))
  .def("IOEnvExec", 2, (a) => run(a, strings(a, 1, "IOEnvExec"), environment(a, 0, "IOEnvExec")))
  .def("IOExecTemplate", 2, (a) => run(a, template(a, 0, 1, "IOExecTemplate")))
  .def("IOEnvExecTemplate", 3, (a) => run(a, template(a, 1, 2, "IOEnvExecTemplate"), environment(a, 0, "IOEnvExecTemplate")))
  .def("IOEnv", 0, () => {
    const names = Object.keys(process.env).sort();
    return record(
      names,
      names.map((n) => str(process.env[n] ?? "")),
    );
  })
  .def("atoi", 1, (a) => {
    const v = a.value(0);
    if (v.kind === "string" && /^[+-]?\d+$/.test(v.value)) {
      const n = Number(v.value);
      if (n >= -2147483648 && n <= 2147483647) return int(n);
    }
    return a.host.fail(`The argument of atoi should be a string, but instead it is:\n${printValue(v)}`);
  })
  .def("zeroPadN", 2, (a) => {
    const s = tlcString(a.value(0));
    const width = a.int(1);
    return str("0".repeat(Math.max(0, width - s.length)) + s);
  })
  .build();

function appendLine(a: Args, file: string, line: string): Value {
  try {
    appendFileSync(file, line + EOL);
  } catch (err) {
    return a.host.fail(`${a.op} cannot write ${file}: ${(err as Error).message}`);
  }
  return TRUE;
}

/** CSV. */
export const CSV: BuiltinModule = new ModuleBuilder()
  .def("CSVWrite", 3, (a) => {
    const v = a.value(1);
    if (v.kind !== "seq") return a.host.fail(`The argument of CSVWrite should be a sequence, but instead it is:\n${printValue(v)}`);
    let line: string;
    try {
      line = javaFormat(a.string(0), v.elements.map(tlcString));
    } catch (err) {
      return a.host.fail(`CSVWrite: ${(err as Error).message}`);
    }
    return appendLine(a, a.string(2), line);
  })
  .def("CSVWriteRecord", 4, (a) => {
    const r = a.value(0);
    if (r.kind !== "record") return a.host.fail(`The argument of CSVWriteRecord should be a record, but instead it is:\n${printValue(r)}`);
    const delim = a.string(1);
    const file = a.string(3);
    if (a.bool(2)) appendLine(a, file, r.fields.join(delim));
    return appendLine(a, file, r.values.map(tlcString).join(delim));
  })
  .def("CSVRead", 3, (a) => {
    const columns = a.value(0);
    if (columns.kind !== "seq") return a.host.fail(`The argument of CSVRead should be a sequence, but instead it is:\n${printValue(columns)}`);
    const names = columns.elements.map(unquoted);
    const file = a.string(2);
    if (!existsSync(file)) return seq([]);
    const delim = a.string(1);
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    return seq(
      lines.map((l) => {
        const cells = l.split(new RegExp(delim));
        if (cells.length !== names.length) return a.host.fail(`CSVRead: the line ${JSON.stringify(l)} has ${cells.length} cells, not ${names.length}`);
        return record(names, cells.map(str));
      }),
    );
  })
  .def("CSVRecords", 1, (a) => {
    const file = a.string(0);
    if (!existsSync(file)) return int(0);
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    return int(lines.length);
  })
  .build();
