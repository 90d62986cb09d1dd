import type { z } from "zod";
import { invalid } from "@/domain/errors";
import { parseEui } from "@/domain/lorawan";
import { csvField, CsvSyntaxError, parseCsv } from "./csv";
import { newDeviceSchema, splitTags, type ActivationMode, type NewDevice } from "./device-input";
import { parseLocationText } from "./device-location";

/**
 * Bulk registration from a spreadsheet. Each row is checked with the same schema as registering one
 * device, so the CSV accepts exactly what the form accepts. Problems with the file as a whole (too
 * big, unknown columns) are thrown as BAD_REQUEST; problems with a row are listed on that row.
 */

export const DEVICE_CSV_COLUMNS = ["name", "dev_eui", "activation", "join_eui", "app_key", "dev_addr", "nwk_s_key", "app_s_key", "profile", "tags", "description", "latitude", "longitude"] as const;
export type DeviceCsvColumn = (typeof DEVICE_CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: DeviceCsvColumn[] = ["name", "dev_eui", "activation"];
const ABP_ONLY: DeviceCsvColumn[] = ["dev_addr", "nwk_s_key", "app_s_key"];
const OTAA_ONLY: DeviceCsvColumn[] = ["join_eui", "app_key"];

export const DEVICE_CSV_LIMITS = { maxRows: 5_000, maxBytes: 1024 * 1024 } as const;

/** Form field → CSV column, to name the column in each row's messages. */
const COLUMN_OF_FIELD: Record<string, DeviceCsvColumn> = {
  name: "name", devEui: "dev_eui", activation: "activation", joinEui: "join_eui", appKey: "app_key",
  devAddr: "dev_addr", nwkSKey: "nwk_s_key", appSKey: "app_s_key", tags: "tags", description: "description",
};

/** One data row's verdict. `row` counts like a spreadsheet: the header is row 1. Never carries keys. */
export interface DeviceImportRowReport {
  row: number;
  ok: boolean;
  errors: string[];
  name: string;
  devEui: string;
  activation: string;
  profile: string | null;
}

/** A row with the device it describes, when valid; only the server sees `device` (it holds keys). */
export interface DeviceCsvRow extends DeviceImportRowReport {
  device: NewDevice | null;
}

/** A parsed file: every data row's verdict, and which columns its header named. */
export interface DeviceCsvFile {
  rows: DeviceCsvRow[];
  columns: DeviceCsvColumn[];
}

export function parseDeviceCsv(text: string): DeviceCsvFile {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > DEVICE_CSV_LIMITS.maxBytes) {
    throw invalid(`The file is ${(bytes / (1024 * 1024)).toFixed(1)} MiB; the limit is 1 MiB (about ${DEVICE_CSV_LIMITS.maxRows.toLocaleString("en-GB")} devices). Split it into smaller files.`);
  }
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw invalid(error.message);
    throw error;
  }
  const [header, ...body] = records;
  if (!header || header.fields.every((f) => f.trim() === "")) {
    throw invalid(`The file is empty. The first row must name the columns: ${DEVICE_CSV_COLUMNS.join(", ")}.`);
  }
  const columns = readHeader(header.fields);
  const data = body.map((record, index) => ({ row: index + 2, fields: record.fields })).filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (data.length === 0) throw invalid("The file has a header row but no devices.");
  if (data.length > DEVICE_CSV_LIMITS.maxRows) {
    throw invalid(`The file lists ${data.length.toLocaleString("en-GB")} devices; at most ${DEVICE_CSV_LIMITS.maxRows.toLocaleString("en-GB")} can be imported at once. Split it into smaller files.`);
  }
  const rows = data.map(({ row, fields }) => readRow(row, columns, fields));
  markDuplicateDevEuis(rows);
  return { rows, columns };
}

/** The report to show: every row's verdict without the device keys. */
export function reportOf(rows: readonly DeviceCsvRow[]): DeviceImportRowReport[] {
  return rows.map(({ device: _device, ...report }) => report);
}

/** Adds a problem the file alone could not show (the DevEUI is taken, the profile doesn't exist). */
export function addRowError(row: DeviceCsvRow, message: string) {
  row.errors.push(message);
  row.ok = false;
  row.device = null;
}

function readHeader(fields: string[]): DeviceCsvColumn[] {
  const columns = fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, "_"));
  const known = new Set<string>(DEVICE_CSV_COLUMNS);
  const unknown = columns.filter((c) => !known.has(c));
  if (unknown.length) {
    throw invalid(`Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `'${c}'`).join(", ")} in the header. The columns are: ${DEVICE_CSV_COLUMNS.join(", ")}.`);
  }
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length) throw invalid(`The column '${repeated[0]}' appears more than once in the header.`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) throw invalid(`The header is missing the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. The columns are: ${DEVICE_CSV_COLUMNS.join(", ")}.`);
  return columns as DeviceCsvColumn[];
}

function readRow(row: number, columns: DeviceCsvColumn[], fields: string[]): DeviceCsvRow {
  const value = (column: DeviceCsvColumn) => (fields[columns.indexOf(column)] ?? "").trim();
  const activation = value("activation").toLowerCase();
  const report: DeviceCsvRow = { row, ok: false, errors: [], name: value("name"), devEui: value("dev_eui"), activation, profile: value("profile") || null, device: null };
  if (fields.length > columns.length) {
    report.errors.push(`This row has ${fields.length} values but the header names ${columns.length} columns; put values containing commas in double quotes.`);
  }
  const keys = {
    otaa: { joinEui: value("join_eui"), appKey: value("app_key") },
    abp: { devAddr: value("dev_addr"), nwkSKey: value("nwk_s_key"), appSKey: value("app_s_key") },
  };
  const place = parseLocationText(value("latitude"), value("longitude"));
  report.errors.push(...place.errors.map((e) => `${e.field}: ${e.message}`));
  const parsed = newDeviceSchema.safeParse({
    location: place.location,
    name: value("name"),
    devEui: value("dev_eui"),
    activation,
    description: value("description"),
    tags: splitTags(value("tags")),
    ...(activation === "otaa" ? keys.otaa : activation === "abp" ? keys.abp : {}),
  });
  if (!parsed.success) report.errors.push(...parsed.error.issues.map(describeIssue));
  report.errors.push(...misplacedKeys(activation, value));
  report.devEui = normalisedEui(report.devEui);
  report.ok = parsed.success && report.errors.length === 0;
  report.device = report.ok && parsed.success ? parsed.data : null;
  return report;
}

/** Keys of the other activation mode usually mean the activation column is wrong; say so rather than drop them. */
function misplacedKeys(activation: string, value: (c: DeviceCsvColumn) => string): string[] {
  const other: Partial<Record<string, { columns: DeviceCsvColumn[]; mode: ActivationMode }>> = { otaa: { columns: ABP_ONLY, mode: "abp" }, abp: { columns: OTAA_ONLY, mode: "otaa" } };
  const check = other[activation];
  if (!check) return [];
  const filled = check.columns.filter((c) => value(c) !== "");
  if (!filled.length) return [];
  return [`${filled.join(", ")}: only used for ${check.mode.toUpperCase()} devices; leave ${filled.length > 1 ? "them" : "it"} empty for ${activation.toUpperCase()} or change the activation.`];
}

/** The DevEUI as stored (lowercase hex) when it is one, so "70-B3-…" and "70b3…" are seen as the same device. */
function normalisedEui(input: string): string {
  try {
    return parseEui(input);
  } catch {
    return input;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? "");
  return `${COLUMN_OF_FIELD[field] ?? field}: ${issue.message}`;
}

/** Every row sharing a DevEUI with another row is refused: which one is right can't be guessed. */
function markDuplicateDevEuis(rows: DeviceCsvRow[]) {
  const byEui = new Map<string, DeviceCsvRow[]>();
  for (const row of rows) {
    if (!row.devEui) continue;
    const key = row.devEui.toLowerCase();
    byEui.set(key, [...(byEui.get(key) ?? []), row]);
  }
  for (const group of byEui.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      const others = group.filter((r) => r !== row).map((r) => r.row);
      addRowError(row, `dev_eui: ${row.devEui} also appears on row${others.length > 1 ? "s" : ""} ${others.join(", ")}; list each device once.`);
    }
  }
}

/** A template to download: the header and one example of each activation mode. */
export const DEVICE_CSV_TEMPLATE = [
  DEVICE_CSV_COLUMNS.join(","),
  ["Bin 14 Queen Street", "70b3d57ed0000001", "otaa", "70b3d57ed0000000", "2b7e151628aed2a6abf7158809cf4f3c", "", "", "", "", "waste;city-centre", "Fill-level sensor", "53.19105", "-2.89130"].map(csvField).join(","),
  ["Car park bay 3", "70b3d57ed0000002", "abp", "", "", "26011f01", "2b7e151628aed2a6abf7158809cf4f3d", "2b7e151628aed2a6abf7158809cf4f3e", "", "parking", "", "", ""].map(csvField).join(","),
].join("\r\n") + "\r\n";
