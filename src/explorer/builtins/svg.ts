/**
 * CommunityModules' SVG: records describing SVG elements, and their text
 * (SVGElemToString, as TLC's override writes it). NodesOfDirectedMultiGraph
 * needs a graph-layout library in TLC and is not supported.
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { int, printValue, record, seq, str, type Value } from "../../values/index.js";
import type { BuiltinHost, BuiltinModule } from "./types.js";
import { ModuleBuilder, applyFn, entriesOf, fnOf, tlcString, type Args } from "./util.js";

function elem(name: string, attrs: Value, children: Value, innerText: Value): Value {
  return record(["name", "attrs", "children", "innerText"], [str(name), attrs, children, innerText]);
}

/** Merge(r1, r2): r1's entries, then those of r2 whose keys r1 lacks. */
function merge(a: Args, r1: readonly [string, Value][], i: number): Value {
  const r2 = entriesOf(a.value(i)) ?? a.wrong(i, "record");
  const keys: Value[] = r1.map(([k]) => str(k));
  const values: Value[] = r1.map(([, v]) => v);
  r2.keys.forEach((k, j) => {
    if (!keys.some((x) => x.kind === k.kind && printValue(x) === printValue(k))) {
      keys.push(k);
      values.push(r2.values[j]!);
    }
  });
  return fnOf(keys, values);
}

/** An SVG shape without children: its numeric arguments as text attributes, then the attributes record. */
function shape(a: Args, name: string, attributes: readonly string[]): Value {
  return elem(name, merge(a, attributes.map((n, i) => [n, text(a, i)] as [string, Value]), attributes.length), seq([]), str(""));
}

function text(a: Args, i: number): Value {
  return str(tlcString(a.value(i)));
}

function field(host: BuiltinHost, r: Value, name: string): Value {
  return applyFn(r, str(name)) ?? host.fail(`An SVG element must be a record with the field ${name}: ${printValue(r)}`);
}

/** An SVG element as text: `<name a='v'>innerText children</name>`, `_` in attribute names written `-`. */
export function svgToString(host: BuiltinHost, e: Value): string {
  if (e.kind !== "record") return host.fail(`An SVG element must be a record: ${printValue(e)}`);
  const name = field(host, e, "name");
  const attrs = entriesOf(field(host, e, "attrs")) ?? host.fail(`Was unable to convert element to a record: ${printValue(field(host, e, "attrs"))}`);
  const attrText = attrs.keys
    .map((k, i) => {
      const v = attrs.values[i]!;
      const key = k.kind === "string" ? k.value : printValue(k);
      return ` ${key.replaceAll("_", "-")}='${v.kind === "string" ? v.value : host.fail(`SVG attribute ${key} must be a string: ${printValue(v)}`)}'`;
    })
    .join("");
  const children = entriesOf(field(host, e, "children")) ?? host.fail(`Was unable to convert element to a tuple or (function) record: ${printValue(field(host, e, "children"))}`);
  const inner = field(host, e, "innerText");
  const innerText = (inner.kind === "string" ? inner.value : host.fail(`innerText must be a string: ${printValue(inner)}`)).replaceAll("<<", "&lt;&lt;").replaceAll(">>", "&gt;&gt;");
  const n = name.kind === "string" ? name.value : host.fail(`An SVG element's name must be a string: ${printValue(name)}`);
  return `<${n}${attrText}>${innerText}${children.values.map((c) => svgToString(host, c)).join("")}</${n}>`;
}

function xy(a: Args, i: number): [number, number] {
  const x = a.field(i, "x");
  const y = a.field(i, "y");
  if (x.kind !== "int" || y.kind !== "int") return a.wrong(i, "record of integers x and y");
  return [x.value, y.value];
}

/** SVG. */
export const SVG: BuiltinModule = new ModuleBuilder()
  .def("SVGElem", 4, (a) => record(["name", "attrs", "children", "innerText"], [a.value(0), a.value(1), a.value(2), a.value(3)]))
  .def("Line", 5, (a) => shape(a, "line", ["x1", "y1", "x2", "y2"]))
  .def("Circle", 4, (a) => shape(a, "circle", ["cx", "cy", "r"]))
  .def("Rect", 5, (a) => shape(a, "rect", ["x", "y", "width", "height"]))
  .def("Text", 4, (a) =>
    elem(
      "text",
      merge(
        a,
        [
          ["x", text(a, 0)],
          ["y", text(a, 1)],
        ],
        3,
      ),
      seq([]),
      a.value(2),
    ),
  )
  .def("Image", 6, (a) =>
    elem(
      "image",
      merge(
        a,
        [
          ["xlink:href", a.value(4)],
          ["x", text(a, 0)],
          ["y", text(a, 1)],
          ["width", text(a, 2)],
          ["height", text(a, 3)],
        ],
        5,
      ),
      seq([]),
      str(""),
    ),
  )
  .def("Group", 2, (a) => elem("g", a.value(1), a.value(0), str("")))
  .def("Svg", 2, (a) => elem("svg", a.value(1), a.value(0), str("")))
  .def("SVGDoc", 6, (a) => {
    const viewBox = [1, 2, 3, 4].map((i) => tlcString(a.value(i))).join(" ");
    const attrs = merge(
      a,
      [
        ["xmlns:xlink", str("http://www.w3.org/1999/xlink")],
        ["xmlns", str("http://www.w3.org/2000/svg")],
        ["viewBox", str(viewBox)],
      ],
      5,
    );
    return elem("svg", attrs, seq([a.value(0)]), str(""));
  })
  .def("SVGElemToString", 1, (a) => str(svgToString(a.host, a.value(0))))
  .def("NodeOfRingNetwork", 5, (a) => {
    const [cx, cy, r, n, m] = [0, 1, 2, 3, 4].map((i) => a.int(i)) as [number, number, number, number, number];
    const angle = ((2 * Math.PI) / m) * n;
    return record(["x", "y"], [int(Math.trunc(cx + r * Math.cos(angle))), int(Math.trunc(cy + r * Math.sin(angle)))]);
  })
  .def("NodesOfDirectedMultiGraph", 3, (a) => a.host.fail("NodesOfDirectedMultiGraph lays graphs out with a Java library in TLC; the embedded explorer does not support it"))
  .def("PointOnLine", 3, (a) => {
    const [fx, fy] = xy(a, 0);
    const [tx, ty] = xy(a, 1);
    const idx = a.int(2);
    return record(["x", "y"], [int(Math.trunc(fx + (tx - fx) / idx)), int(Math.trunc(fy + (ty - fy) / idx))]);
  })
  .def("SVGSerialize", 3, (a) => {
    const file = `${a.string(1)}${String(a.int(2)).padStart(3, "0")}.svg`;
    try {
      writeFileSync(file, svgToString(a.host, a.value(0)));
    } catch (err) {
      return record(["exitValue", "stdout", "stderr"], [int(1), str(""), str(`Serialize error writing to the file: ${(err as Error).message}`)]);
    }
    return record(["exitValue", "stdout", "stderr"], [int(0), str("Finish writing to the file with success!"), str("")]);
  })
  .build();

