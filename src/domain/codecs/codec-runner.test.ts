import { afterAll, describe, expect, it } from "vitest";
import { CodecRunner } from "./codec-runner";
import { EXAMPLE_CODECS } from "./examples";

const runner = new CodecRunner();
afterAll(() => runner.close());

const uplink = { bytes: Uint8Array.of(1, 2, 3), fPort: 10, recvTime: new Date("2025-03-04T05:06:07.000Z") };
const echo = "function decodeUplink(input) { return { data: { input: input } }; }";

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work;
  return { result, ms: Date.now() - started };
}

describe("CodecRunner.decodeUplink", () => {
  it("passes bytes as numbers, fPort and recvTime as an ISO string", async () => {
    expect(await runner.decodeUplink(echo, uplink)).toEqual({
      ok: true,
      data: { input: { bytes: [1, 2, 3], fPort: 10, recvTime: "2025-03-04T05:06:07.000Z" } },
      warnings: [],
    });
  });

  it("reports a syntax error", async () => {
    const result = await runner.decodeUplink("function decodeUplink(input) { return { data: }; }", uplink);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^Codec has a syntax error: .+\(line 1/) });
  });

  it("reports an exception thrown by decodeUplink", async () => {
    const result = await runner.decodeUplink(
      "function decodeUplink(input) {\n  throw new RangeError('port ' + input.fPort + ' unknown');\n}",
      uplink,
    );
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^decodeUplink threw: RangeError: port 10 unknown \(line 2, column \d+\)$/),
    });
    const thrownString = await runner.decodeUplink("function decodeUplink() { throw 'nope'; }", uplink);
    expect(thrownString).toEqual({ ok: false, error: 'decodeUplink threw: "nope"' });
  });

  it("reports results that are not { data: object }, and codec-reported errors", async () => {
    expect(await runner.decodeUplink("function decodeUplink() { return 5; }", uplink)).toEqual({
      ok: false,
      error: "decodeUplink must return an object like { data: { ... } }; it returned a number",
    });
    expect(await runner.decodeUplink("function decodeUplink() {}", uplink)).toMatchObject({
      error: expect.stringMatching(/returned undefined$/),
    });
    expect(await runner.decodeUplink("function decodeUplink() { return { errors: ['bad'] }; }", uplink)).toEqual({
      ok: false,
      error: "Codec reported errors: bad",
    });
    expect(await runner.decodeUplink("function decodeUplink() { return { data: { n: 1n } }; }", uplink)).toMatchObject(
      { ok: false, error: expect.stringContaining("cannot be converted to JSON") },
    );
  });

  it("copies out plain JSON data only", async () => {
    const source = `function decodeUplink() {
      return { data: { when: new Date(0), f: function () {}, nan: NaN, nested: { list: [1, undefined] } } };
    }`;
    expect(await runner.decodeUplink(source, uplink)).toEqual({
      ok: true,
      data: { when: "1970-01-01T00:00:00.000Z", nan: null, nested: { list: [1, null] } },
      warnings: [],
    });
  });

  it("gives the codec no process, require, fetch or timers", async () => {
    const source = `function decodeUplink() {
      var viaFunction = (function () { return this; }).constructor("return typeof process")();
      return { data: {
        process: typeof process, require: typeof require, fetch: typeof fetch,
        setTimeout: typeof setTimeout, console: typeof console, viaFunction: viaFunction
      } };
    }`;
    expect(await runner.decodeUplink(source, uplink)).toEqual({
      ok: true,
      data: {
        process: "undefined",
        require: "undefined",
        fetch: "undefined",
        setTimeout: "undefined",
        console: "undefined",
        viaFunction: "undefined",
      },
      warnings: [],
    });
  });

  it("stops an infinite loop within about a second", async () => {
    const { result, ms } = await timed(runner.decodeUplink("function decodeUplink() { while (true) {} }", uplink));
    expect(result).toEqual({ ok: false, error: "Codec took longer than 250 ms and was stopped" });
    expect(ms).toBeLessThan(1_000);
  });

  it("stops a memory bomb", async () => {
    const bomb = "function decodeUplink() { var a = []; while (true) a.push('xxxxxxxxxxxxxxxx' + a.length); }";
    const { result, ms } = await timed(runner.decodeUplink(bomb, uplink, { timeoutMs: 2_000 }));
    expect(result).toEqual({ ok: false, error: "Codec ran out of memory (limit 16 MiB) and was stopped" });
    expect(ms).toBeLessThan(2_500);
  });

  it("stops new Array(1e8).fill(1)", async () => {
    const { result, ms } = await timed(
      runner.decodeUplink("function decodeUplink() { new Array(1e8).fill(1); return { data: {} }; }", uplink),
    );
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/out of memory|took longer/) });
    expect(ms).toBeLessThan(1_000);
  });

  it("stops a long native builtin with the wall clock (gotcha G15)", async () => {
    // Each sort() is native and never polls the interrupt handler: unchecked this runs ~12 s.
    const source = `function decodeUplink() {
      var a = new Array(2e5).fill(1);
      for (var i = 0; i < 200; i++) a.sort();
      return { data: {} };
    }`;
    const { result, ms } = await timed(runner.decodeUplink(source, uplink, { timeoutMs: 100 }));
    expect(result).toEqual({ ok: false, error: "Codec took longer than 100 ms and was stopped" });
    expect(ms).toBeLessThan(1_000);
  });

  it("reports runaway recursion", async () => {
    const source = "function decodeUplink(input) { return decodeUplink(input); }";
    expect(await runner.decodeUplink(source, uplink)).toEqual({
      ok: false,
      error: "Codec overflowed the stack (limit 256 KiB); check for runaway recursion",
    });
  });

  it("keeps working after a timeout, including calls queued behind it", async () => {
    const hang = "function decodeUplink() { var a = new Array(2e5).fill(1); for (;;) a.sort(); }";
    const [stuck, after1, after2] = await Promise.all([
      runner.decodeUplink(hang, uplink, { timeoutMs: 50 }),
      runner.decodeUplink(echo, uplink),
      runner.decodeUplink(EXAMPLE_CODECS.parkingOccupancy.source, { ...uplink, bytes: Uint8Array.of(0, 50) }),
    ]);
    expect(stuck).toMatchObject({ ok: false });
    expect(after1).toMatchObject({ ok: true });
    expect(after2).toEqual({ ok: true, data: { occupied: false, batteryPercent: 50 }, warnings: [] });
  });

  it("does not leak state between runs", async () => {
    const source = "var count = 0; function decodeUplink() { count++; return { data: { count: count } }; }";
    const results = await runner.decodeMany(source, [uplink, uplink]);
    expect(results.map((r) => (r.ok ? r.data.count : r.error))).toEqual([1, 1]);
  });

  it("rejects invalid uplinks without running the codec", async () => {
    expect(await runner.decodeUplink(echo, { ...uplink, fPort: 300 })).toEqual({
      ok: false,
      error: "Uplink fPort must be an integer from 0 to 255, got 300",
    });
    expect(await runner.decodeUplink(echo, { ...uplink, bytes: new Uint8Array(300) })).toEqual({
      ok: false,
      error: "Uplink payload is 300 bytes; at most 255 are accepted",
    });
    expect(await runner.decodeUplink(echo, { ...uplink, recvTime: new Date(Number.NaN) })).toEqual({
      ok: false,
      error: "Uplink recvTime must be a valid Date",
    });
  });
});

describe("CodecRunner.decodeMany", () => {
  it("decodes a batch in order, failing items individually", async () => {
    const source = `function decodeUplink(input) {
      if (input.bytes.length === 0) return { errors: ['empty payload'] };
      return { data: { first: input.bytes[0] } };
    }`;
    const results = await runner.decodeMany(source, [
      { ...uplink, bytes: Uint8Array.of(7) },
      { ...uplink, bytes: new Uint8Array(0) },
      { ...uplink, bytes: Uint8Array.of(9) },
    ]);
    expect(results).toEqual([
      { ok: true, data: { first: 7 }, warnings: [] },
      { ok: false, error: "Codec reported errors: empty payload" },
      { ok: true, data: { first: 9 }, warnings: [] },
    ]);
  });
});

describe("CodecRunner lifecycle", () => {
  it("reports a sandbox that cannot start instead of throwing", async () => {
    const broken = new CodecRunner({ quickjsModule: "longreach-no-such-module" });
    const result = await broken.decodeUplink(echo, uplink);
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/^Codec could not run: the codec sandbox could not start \(cannot load/),
    });
    await broken.close();
  });

  it("fails pending calls on close and starts a new worker when used again", async () => {
    const own = new CodecRunner();
    const pending = own.decodeUplink(echo, uplink);
    await own.close();
    expect(await pending).toEqual({ ok: false, error: "Codec could not run: the codec runner was closed" });
    expect(await own.decodeUplink(echo, uplink)).toMatchObject({ ok: true });
    await own.close();
  });
});
