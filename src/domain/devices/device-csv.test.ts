import { describe, expect, it } from "vitest";
import { DomainError } from "@/domain/errors";
import { DEVICE_CSV_TEMPLATE, parseDeviceCsv, reportOf } from "./device-csv";

const HEADER = "name,dev_eui,activation,join_eui,app_key,dev_addr,nwk_s_key,app_s_key,profile,tags,description";
const KEY = "2b7e151628aed2a6abf7158809cf4f3c";
const otaaRow = (name: string, eui: string) => `${name},${eui},otaa,70b3d57ed0000000,${KEY},,,,,a;b,`;
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n");

function fileError(text: string): string {
  try {
    parseDeviceCsv(text).rows;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("BAD_REQUEST");
    return (error as Error).message;
  }
  throw new Error("expected the file to be refused");
}

describe("parseDeviceCsv", () => {
  it("accepts the downloadable template", () => {
    const rows = parseDeviceCsv(DEVICE_CSV_TEMPLATE).rows;
    expect(rows.map((r) => [r.row, r.ok, r.activation])).toEqual([[2, true, "otaa"], [3, true, "abp"]]);
    expect(rows[0]!.device).toMatchObject({ name: "Bin 14 Queen Street", tags: ["waste", "city-centre"], description: "Fill-level sensor", location: { latitude: 53.19105, longitude: -2.8913 } });
    expect(rows[1]!.device?.location).toBeNull();
  });

  it("takes an optional location as latitude and longitude columns, both or neither", () => {
    const header = "name,dev_eui,activation,join_eui,app_key,latitude,longitude";
    const row = (name: string, eui: string, lat: string, lon: string) => `${name},${eui},otaa,70b3d57ed0000000,${KEY},${lat},${lon}`;
    const rows = parseDeviceCsv([header, row("Placed", "70b3d57ed0000001", "53.2", "\"-2,89\""), row("Half", "70b3d57ed0000002", "53.2", ""), row("Off the map", "70b3d57ed0000003", "95", "1"), row("Words", "70b3d57ed0000004", "north", "1")].join("\n")).rows;
    expect(rows[0]!.device?.location).toEqual({ latitude: 53.2, longitude: -2.89 });
    expect(rows[1]!.errors).toEqual(["longitude: Enter the longitude too, or clear the latitude."]);
    expect(rows[2]!.errors).toEqual(["latitude: Latitude must be between -90 and 90 degrees."]);
    expect(rows[3]!.errors).toEqual(["latitude: Latitude must be a number of degrees, e.g. 53.1910."]);
  });

  it("validates each row with the registration rules, naming the column", () => {
    const rows = parseDeviceCsv(csv(otaaRow("Good", "70b3d57ed0000001"), "Bad,not-an-eui,otaa,,,,,,,,", `Short key,70b3d57ed0000003,abp,,,26011f01,${KEY.slice(2)},${KEY},,,`, "No mode,70b3d57ed0000004,,,,,,,,,")).rows;
    expect(rows.map((r) => r.ok)).toEqual([true, false, false, false]);
    expect(rows[1]!.errors).toEqual(["dev_eui: DevEUI must be 16 hexadecimal characters (8 bytes), got 'not-an-eui'.", "join_eui: Enter the JoinEUI.", "app_key: Enter the AppKey."]);
    expect(rows[2]!.errors).toEqual(["nwk_s_key: NwkSKey must be 32 hexadecimal characters (16 bytes), got 30 characters."]);
    expect(rows[3]!.errors[0]).toMatch(/^activation: Choose the activation/);
  });

  it("reports the same DevEUI on several rows, however it is written, on each of them", () => {
    const rows = parseDeviceCsv(csv(otaaRow("One", "70b3d57ed0000001"), otaaRow("Two", "70-B3-D5-7E-D0-00-00-01"), otaaRow("Three", "70b3d57ed0000009"))).rows;
    expect(rows.map((r) => r.ok)).toEqual([false, false, true]);
    expect(rows[0]!.errors).toEqual(["dev_eui: 70b3d57ed0000001 also appears on row 3; list each device once."]);
    expect(rows[1]!.errors).toEqual(["dev_eui: 70b3d57ed0000001 also appears on row 2; list each device once."]);
  });

  it("refuses keys of the other activation mode rather than silently dropping them", () => {
    const [row] = parseDeviceCsv(csv(`Mixed,70b3d57ed0000001,otaa,70b3d57ed0000000,${KEY},26011f01,,,,,`)).rows;
    expect(row!.errors).toEqual(["dev_addr: only used for ABP devices; leave it empty for OTAA or change the activation."]);
  });

  it("accepts columns in any order, in any case, with optional ones left out; skips blank lines; counts rows like a spreadsheet", () => {
    const rows = parseDeviceCsv(`Activation,DEV EUI,Name,App_Key,Join-EUI,profile\r\n\r\nOTAA,70b3d57ed0000001,"Bin, north",${KEY},70b3d57ed0000000,Bins\r\n`).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 3, ok: true, name: "Bin, north", profile: "Bins", device: { activation: "otaa", tags: [] } });
  });

  it("keeps keys out of the report", () => {
    const report = reportOf(parseDeviceCsv(DEVICE_CSV_TEMPLATE).rows);
    expect(JSON.stringify(report)).not.toContain(KEY.slice(0, 20));
    expect(report[0]).toEqual({ row: 2, ok: true, errors: [], name: "Bin 14 Queen Street", devEui: "70b3d57ed0000001", activation: "otaa", profile: null });
  });

  it("flags rows with more values than columns", () => {
    const [row] = parseDeviceCsv(`name,dev_eui,activation,join_eui,app_key\nBin,70b3d57ed0000001,otaa,70b3d57ed0000000,${KEY},extra`).rows;
    expect(row!.errors[0]).toMatch(/6 values but the header names 5 columns/);
  });

  it("refuses files it cannot read, saying what is accepted", () => {
    expect(fileError("")).toMatch(/empty.*name, dev_eui, activation/);
    expect(fileError(HEADER)).toMatch(/no devices/);
    expect(fileError("name,deveui,activation\nx,y,z")).toMatch(/Unknown column 'deveui'/);
    expect(fileError("name,activation\nx,otaa")).toMatch(/missing the column dev_eui/);
    expect(fileError("name,name,dev_eui,activation\n")).toMatch(/'name' appears more than once/);
    expect(fileError(`${HEADER}\n"unclosed`)).toMatch(/never closed/);
  });

  it("refuses more than 5,000 devices or more than 1 MiB", () => {
    const many = csv(...Array.from({ length: 5_001 }, (_, i) => `d${i},${(i + 1).toString(16).padStart(16, "0")},otaa,,,,,,,,`));
    expect(fileError(many)).toMatch(/5,001 devices; at most 5,000/);
    expect(fileError(csv(`x,70b3d57ed0000001,otaa,,,,,,,,${"x".repeat(1024 * 1024)}`))).toMatch(/limit is 1 MiB/);
  });
});
