import { and, eq, inArray, sql } from "drizzle-orm";
import { addRowError, defaultProfile, parseDeviceCsv, reportOf, type DeviceCsvFile } from "@/domain/devices";
import { conflict } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { deviceProfiles, devices } from "@/server/db/schema";
import { listDeviceProfiles } from "./device-profiles";
import { placeDevices } from "./device-locations";
import { newDeviceRow } from "./device-registry";
import { findRegisteredDevEuis } from "./registered-dev-euis";

/** What the import needs from the request: its database, and a transaction inside the caller's tenant. */
export interface TenantScope {
  db: Database;
  tenantId: string;
  actor: Actor;
  inTenant<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
}

export type ImportMode = "all_or_nothing" | "valid_rows";

const INSERT_CHUNK = 500;

/** Checks a CSV without importing: each row's problems, including DevEUIs already on the network and unknown profiles. */
export async function previewDeviceImport(scope: TenantScope, csv: string) {
  const file = await checkedFile(scope, csv);
  const { fallback } = await scope.inTenant((tx) => resolveProfiles(tx, scope.tenantId, file));
  return summaryOf(file, fallback);
}

/**
 * Imports in one transaction. all_or_nothing: any invalid row and nothing is imported. valid_rows: the
 * valid rows are imported and the rest reported. Either way the result lists every row's verdict.
 */
export async function importDevices(scope: TenantScope, csv: string, mode: ImportMode) {
  const file = await checkedFile(scope, csv);
  const { rows } = file;
  return scope.inTenant(async (tx) => {
    const { ids: profileIds, fallback } = await resolveProfiles(tx, scope.tenantId, file);
    const valid = rows.filter((r) => r.ok && r.device);
    if (mode === "all_or_nothing" && valid.length < rows.length) return { ...summaryOf(file, fallback), imported: 0 };
    const inserted = new Set<string>();
    const locations = new Map(valid.filter((r) => r.device!.location).map((r) => [r.device!.devEui, r.device!.location!]));
    for (let i = 0; i < valid.length; i += INSERT_CHUNK) {
      const values = valid.slice(i, i + INSERT_CHUNK).map((r) => newDeviceRow(scope.tenantId, r.device!, r.profile ? profileIds.get(r.profile.toLowerCase()) : null));
      const returned = await tx.insert(devices).values(values).onConflictDoNothing({ target: devices.devEui }).returning({ id: devices.id, devEui: devices.devEui });
      for (const { devEui } of returned) inserted.add(devEui);
      await placeDevices(tx, scope.tenantId, returned.filter((d) => locations.has(d.devEui)).map((d) => ({ deviceId: d.id, location: locations.get(d.devEui)! })));
    }
    // Registered by someone else between our check and the insert.
    const lost = valid.filter((r) => !inserted.has(r.device!.devEui));
    if (lost.length && mode === "all_or_nothing") {
      throw conflict(`DevEUI ${lost[0]!.devEui} was registered on the network while importing, so nothing was imported. Check the file again.`);
    }
    for (const row of lost) addRowError(row, `dev_eui: DevEUI ${row.devEui} is already registered on the network.`);
    if (inserted.size) {
      await recordAudit(tx, scope.actor, { tenantId: scope.tenantId, action: "device.imported", targetType: "device", details: { mode, count: inserted.size, devEuis: [...inserted] } });
    }
    return { ...summaryOf(file, fallback), imported: inserted.size };
  });
}

/** Parses the file and marks DevEUIs that are taken: in this tenant (named) or elsewhere on the network (not named). */
async function checkedFile(scope: TenantScope, csv: string) {
  const file = parseDeviceCsv(csv);
  const { rows } = file;
  const candidates = rows.map((r) => r.devEui).filter((eui) => /^[0-9a-f]{16}$/.test(eui));
  const registered = await findRegisteredDevEuis(scope.db, candidates);
  if (registered.size) {
    const own = await scope.inTenant((tx) =>
      tx.select({ devEui: devices.devEui, name: devices.name }).from(devices).where(and(eq(devices.tenantId, scope.tenantId), inArray(devices.devEui, [...registered]))),
    );
    const ownNames = new Map(own.map((d) => [d.devEui, d.name]));
    for (const row of rows) {
      if (!registered.has(row.devEui)) continue;
      const name = ownNames.get(row.devEui);
      addRowError(row, name !== undefined ? `dev_eui: DevEUI ${row.devEui} is already registered in this organisation, as '${name}'.` : `dev_eui: DevEUI ${row.devEui} is already registered on the network.`);
    }
  }
  return file;
}

/**
 * Profile names (any case) → ids; rows naming a profile that doesn't exist get an error. A file
 * without a profile column gives every row the tenant's default profile (the one the register form
 * preselects: its only or most used one), its `fallback`; in a file with the column, an empty cell
 * means no profile, as the column was there to say otherwise.
 */
async function resolveProfiles(tx: Database, tenantId: string, { rows, columns }: DeviceCsvFile) {
  const fallback = columns.includes("profile") ? null : defaultProfile(await listDeviceProfiles(tx, tenantId));
  if (fallback) for (const row of rows) row.profile = fallback.name;
  const names = [...new Set(rows.map((r) => r.profile?.toLowerCase()).filter((n): n is string => Boolean(n)))];
  const found = names.length
    ? await tx
        .select({ id: deviceProfiles.id, name: sql<string>`lower(${deviceProfiles.name})` })
        .from(deviceProfiles)
        .where(and(eq(deviceProfiles.tenantId, tenantId), inArray(sql`lower(${deviceProfiles.name})`, names)))
    : [];
  const ids = new Map(found.map((p) => [p.name, p.id]));
  for (const row of rows) {
    if (row.profile && !ids.has(row.profile.toLowerCase())) {
      addRowError(row, `profile: There is no device profile called '${row.profile}'; create it on the Device profiles page first, or leave the column empty.`);
    }
  }
  return { ids, fallback };
}

function summaryOf({ rows, columns }: DeviceCsvFile, fallback: { name: string } | null) {
  const valid = rows.filter((r) => r.ok).length;
  return {
    total: rows.length, valid, invalid: rows.length - valid, rows: reportOf(rows),
    /** Whether the file had a profile column; without one, `defaultProfile` (if any) is every device's. */
    profileColumn: columns.includes("profile"),
    defaultProfile: fallback?.name ?? null,
  };
}
