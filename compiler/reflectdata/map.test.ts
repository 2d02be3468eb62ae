/**
 * MapGroupType's layout rules (reflectdata/map.go) and types.CalcSize's alignments, on small
 * hand-made tables: padding after a zero-sized elem, indirect keys and elems over 128 bytes.
 */
import { describe, expect, it } from "vitest";
import type { IrType } from "../ir.js";
import { Alignment } from "../types/size.js";
import { MapGroupType } from "./map.js";
import { newReflect } from "./reflect.test-util.js";

const table: Record<string, IrType> = {
  "main.Big": { kind: "array", size: 200, elem: "uint8", len: 200 },
  "main.Celsius": { kind: "float64", size: 8, named: true },
  "main.Node": {
    kind: "struct",
    size: 16,
    named: true,
    fields: [
      { name: "Val", type: "int", offset: 0 },
      { name: "Next", type: "*main.Node", offset: 8 },
    ],
  },
  "*main.Node": { kind: "ptr", size: 8, elem: "main.Node" },
  "struct {}": { kind: "struct", size: 0, fields: [] },
  "[2][3]int8": { kind: "array", size: 6, elem: "[3]int8", len: 2 },
  "[3]int8": { kind: "array", size: 3, elem: "int8", len: 3 },
  "map[string]int": { kind: "map", size: 8, key: "string", elem: "int" },
  "map[int8]struct {}": { kind: "map", size: 8, key: "int8", elem: "struct {}" },
  "map[int8]main.Celsius": { kind: "map", size: 8, key: "int8", elem: "main.Celsius" },
  "map[main.Big]main.Big": { kind: "map", size: 8, key: "main.Big", elem: "main.Big" },
};

describe("MapGroupType", () => {
  const r = newReflect(table);
  const group = (m: string) => {
    const g = MapGroupType(r, m);
    return { ...g, groupType: r.u.get(g.group), slotType: r.u.get(g.slot) };
  };

  it("lays out slots like types.CalcStructSize", () => {
    expect(group("map[string]int").groupType.size).toBe(8 + 8 * 24);
    // A zero-sized trailing elem gets a padding byte.
    const e = group("map[int8]struct {}");
    expect(e.slot).toBe("noalg.struct { key int8; elem struct {} }");
    expect(e.slotType.size).toBe(2);
    expect(e.slotType.fields?.map((f) => [f.name, f.type, f.offset])).toEqual([
      ["key", "int8", 0],
      ["elem", "struct {}", 1],
    ]);
    expect(e.groupType.size).toBe(24);
    expect(group("map[int8]main.Celsius").elemOff).toBe(8);
  });

  it("stores keys and elems over 128 bytes indirectly", () => {
    const g = group("map[main.Big]main.Big");
    expect(g.slot).toBe("noalg.struct { key *main.Big; elem *main.Big }");
    expect(g.groupType.size).toBe(8 + 8 * 16);
  });
});

describe("Alignment", () => {
  it("aligns like types.CalcSize", () => {
    const { u } = newReflect(table);
    expect(Alignment(u, "main.Node")).toBe(8);
    expect(Alignment(u, "[2][3]int8")).toBe(1);
    expect(Alignment(u, "complex64")).toBe(4);
    expect(Alignment(u, "struct {}")).toBe(1);
  });
});
