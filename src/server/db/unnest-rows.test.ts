import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/database";
import type { DatabaseHandle } from "./client";
import { resultRows } from "./result-rows";
import { arrayLiteral, isOneOf, unnestRows } from "./unnest-rows";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(() => handle.close());

describe("unnestRows", () => {
  it("brings every value back as sent, whatever characters it holds", async () => {
    const rows = [
      { text: 'quote " and backslash \\ and {braces}, commas', n: 1, real: 1.5, flag: true, json: JSON.stringify({ a: 'x"y\\z', b: [1, 2] }) },
      { text: "NULL", n: -2, real: null, flag: false, json: null },
      { text: "", n: null, real: 0, flag: null, json: "{}" },
      { text: "ünïcødé ✓ and a\nnewline", n: 2 ** 40, real: -0.25, flag: true, json: "[]" },
      { text: null, n: 0, real: 1e-7, flag: false, json: '"just a string"' },
    ];
    type Row = (typeof rows)[number];
    const columns = [
      { name: "text", type: "text", value: (r: Row) => r.text },
      { name: "n", type: "bigint", value: (r: Row) => r.n },
      { name: "real", type: "float8", value: (r: Row) => r.real },
      { name: "flag", type: "boolean", value: (r: Row) => r.flag },
      { name: "json", type: "jsonb", value: (r: Row) => r.json },
    ];
    const back = resultRows<{ text: string | null; n: string | number | null; real: number | null; flag: boolean | null; json: string | null }>(
      await handle.db.execute(sql`select text, n::text as n, real, flag, json::text as json from ${unnestRows(columns, rows, "x")}`),
    );
    expect(back.map((r) => r.text)).toEqual(rows.map((r) => r.text));
    expect(back.map((r) => (r.n === null ? null : Number(r.n)))).toEqual(rows.map((r) => r.n));
    expect(back.map((r) => (r.real === null ? null : Number(r.real)))).toEqual(rows.map((r) => r.real));
    expect(back.map((r) => r.flag)).toEqual(rows.map((r) => r.flag));
    expect(back.map((r) => (r.json === null ? null : JSON.parse(r.json)))).toEqual(rows.map((r) => (r.json === null ? null : JSON.parse(r.json))));
  });

  it("writes an empty batch as empty arrays", () => {
    expect(arrayLiteral([], () => 1)).toBe("{}");
  });
});

describe("isOneOf", () => {
  const values = sql`(values ('a'), ('b "quoted"'), ('c'), ('d')) as v(x)`;
  const matching = async (wanted: string[]) =>
    resultRows<{ x: string }>(await handle.db.execute(sql`select x from ${values} where ${isOneOf(sql`x`, wanted, "text")} order by x`)).map((r) => r.x);

  it("matches exactly the values given, one or many, whatever characters they hold", async () => {
    expect(await matching(["c"])).toEqual(["c"]);
    expect(await matching(["a", 'b "quoted"', "z"])).toEqual(["a", 'b "quoted"']);
    expect(await matching([])).toEqual([]);
  });
});
