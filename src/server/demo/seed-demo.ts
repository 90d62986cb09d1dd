import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { EXAMPLE_CODECS } from "@/domain/codecs";
import { encryptDeviceKey } from "@/domain/crypto/device-keys";
import { hashPassword } from "@/domain/identity/password";
import { hashLinkToken } from "@/domain/identity/tokens";
import { withPlatform, type Database } from "@/server/db";
import { alertRules, deviceLocations, deviceProfiles, devices, gateways, memberships, networkConnections, plans, planVersions, tenantBilling, tenants, users } from "@/server/db/schema";
import { loadOrCreateEmbeddedSecrets } from "@/server/embedded-secrets";
import { DEMO_PASSWORD, DEMO_PLANS, DEMO_STAFF, DEMO_TENANTS } from "./demo-accounts";
import { demoHistoryStart } from "./demo-history";
import { manageDemoNetwork } from "./demo-provisioning";
import { DEMO_CHIRPSTACK_SECRET, DEMO_CONNECTION, DEMO_DEVICES, DEMO_GATEWAYS, DEMO_JOIN_EUI, DEMO_PROFILES } from "./demo-network";

export interface SeedDemoOptions {
  /** Encrypts the demo devices' AppKeys; defaults to DEVICE_KEY_ENCRYPTION_KEY, or the embedded mode's own. */
  deviceKeyEncryptionKey?: string;
  /** When the demo starts: its plans are priced from the first month of the history before it. */
  now?: Date;
  /**
   * Make the demo connection the managed (simulated) network server when none is; default true. Tests
   * that share one database with others pass false: a managed server makes every change queue jobs.
   */
  manageNetwork?: boolean;
}

/**
 * Creates the demo council staff, tenants and their owners, and the demo radio network: a ChirpStack
 * connection with a fixed, public secret (for the traffic simulator), gateways, device profiles with
 * the example codecs, and the tenants' sensors. Idempotent: existing rows (found by email, slug, id,
 * EUI or profile name) are left as they are, so running it on every start never duplicates or resets
 * anything.
 */
export async function seedDemo(db: Database, options: SeedDemoOptions = {}) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const keyEncryptionKey = options.deviceKeyEncryptionKey ?? demoKeyEncryptionKey();
  await withPlatform(db, async (tx) => {
    for (const staff of DEMO_STAFF) {
      await tx.insert(users).values({ email: staff.email, name: staff.name, platformRole: staff.platformRole, passwordHash }).onConflictDoNothing();
    }
    const tenantIds = new Map<string, string>();
    for (const demo of DEMO_TENANTS) {
      await tx
        .insert(tenants)
        .values({ slug: demo.slug, name: demo.name, contactEmail: demo.owner.email, billingEmail: demo.owner.email, planName: demo.planName, status: "active" })
        .onConflictDoNothing();
      await tx.insert(users).values({ email: demo.owner.email, name: demo.owner.name, passwordHash }).onConflictDoNothing();
      const [tenant] = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, demo.slug));
      const [owner] = await tx.select({ id: users.id }).from(users).where(eq(users.email, demo.owner.email));
      await tx.insert(memberships).values({ tenantId: tenant!.id, userId: owner!.id, role: "owner" }).onConflictDoNothing();
      tenantIds.set(demo.slug, tenant!.id);
    }
    await seedDemoNetwork(tx, tenantIds, keyEncryptionKey);
    await seedDemoAlerts(tx, tenantIds.get("council-waste")!);
    await seedDemoBilling(tx, tenantIds, demoHistoryStart(options.now ?? new Date()).start);
  });
  if (options.manageNetwork ?? true) await manageDemoNetwork(db);
}

/**
 * Two plans (a business plan and the council's internal cross-charging plan), in force from the first
 * month of the demo's history so each of its months can be invoiced, and each demo tenant on the plan
 * its card names.
 */
async function seedDemoBilling(tx: Database, tenantIds: Map<string, string>, from: Date) {
  for (const plan of DEMO_PLANS) {
    await tx.insert(plans).values({ name: plan.name, kind: plan.kind }).onConflictDoNothing();
    const [row] = await tx.select({ id: plans.id }).from(plans).where(eq(plans.name, plan.name));
    await tx.insert(planVersions).values({ planId: row!.id, version: 1, effectiveFrom: from, ...plan.prices }).onConflictDoNothing();
    for (const demo of DEMO_TENANTS.filter((t) => t.planName === plan.name)) {
      await tx.insert(tenantBilling).values({ tenantId: tenantIds.get(demo.slug)!, planId: row!.id, ...demo.billing }).onConflictDoNothing();
    }
  }
}

async function seedDemoNetwork(tx: Database, tenantIds: Map<string, string>, keyEncryptionKey: string) {
  await tx
    .insert(networkConnections)
    .values({ id: DEMO_CONNECTION.id, name: DEMO_CONNECTION.name, kind: DEMO_CONNECTION.kind, secretHash: hashLinkToken(DEMO_CHIRPSTACK_SECRET), ratePerSecond: DEMO_CONNECTION.ratePerSecond })
    .onConflictDoNothing();
  await tx
    .insert(gateways)
    .values(DEMO_GATEWAYS.map((g) => ({ gatewayEui: g.gatewayEui, name: g.name, latitude: g.latitude, longitude: g.longitude, locationSource: "operator" as const, ownerTenantId: g.hostedBy ? tenantIds.get(g.hostedBy) ?? null : null })))
    // A gateway ingestion already added (heard before the seed ran) gets its demo name and place;
    // one an operator has placed is left alone.
    .onConflictDoUpdate({
      target: gateways.gatewayEui,
      set: { name: sql`excluded.name`, latitude: sql`excluded.latitude`, longitude: sql`excluded.longitude`, locationSource: sql`excluded.location_source`, ownerTenantId: sql`excluded.owner_tenant_id` },
      setWhere: sql`${gateways.locationSource} is distinct from 'operator'`,
    });

  const profileIds = new Map<string, string>();
  for (const profile of DEMO_PROFILES) {
    const tenantId = tenantIds.get(profile.tenantSlug)!;
    const battery = { batteryMinMv: profile.battery?.minMv ?? null, batteryMaxMv: profile.battery?.maxMv ?? null };
    const [existing] = await tx
      .select({ id: deviceProfiles.id, batteryMinMv: deviceProfiles.batteryMinMv })
      .from(deviceProfiles)
      .where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.name, profile.name)));
    if (existing && existing.batteryMinMv === null && profile.battery) {
      // Seeded before profiles had a battery range: give it one, and the example codec that names the battery.
      await tx.update(deviceProfiles).set({ ...battery, codecSource: EXAMPLE_CODECS[profile.codec].source }).where(and(eq(deviceProfiles.tenantId, tenantId), eq(deviceProfiles.id, existing.id)));
    }
    const [row] = existing
      ? [existing]
      : await tx
          .insert(deviceProfiles)
          .values({ tenantId, name: profile.name, region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: EXAMPLE_CODECS[profile.codec].source, ...battery })
          .returning({ id: deviceProfiles.id });
    profileIds.set(profile.tenantSlug, row!.id);
  }

  for (const device of DEMO_DEVICES) {
    const tenantId = tenantIds.get(device.tenantSlug)!;
    const id = randomUUID();
    await tx
      .insert(devices)
      .values({
        tenantId,
        id,
        devEui: device.devEui,
        name: device.name,
        description: device.description,
        tags: device.tags,
        profileId: profileIds.get(device.tenantSlug)!,
        activation: "otaa",
        joinEui: DEMO_JOIN_EUI,
        appKeyEnc: encryptDeviceKey(keyEncryptionKey, randomBytes(16).toString("hex"), id),
      })
      .onConflictDoNothing();
    // Placed as its tenant would place it, so the maps show it (also in a demo seeded before devices had
    // locations); a device someone has moved since keeps its place.
    const [row] = await tx.select({ id: devices.id }).from(devices).where(and(eq(devices.tenantId, tenantId), eq(devices.devEui, device.devEui)));
    if (row) {
      await tx.insert(deviceLocations).values({ tenantId, deviceId: row.id, latitude: device.latitude, longitude: device.longitude, source: "manual", locatedAt: new Date() }).onConflictDoNothing();
    }
  }
}

/** The waste team watches for overflowing bins and broken sensors, so the Alerts page has something to show. */
async function seedDemoAlerts(tx: Database, tenantId: string) {
  const rules = [
    { name: "Bin overflowing", kind: "field" as const, field: "fillPercent", comparison: "above" as const, threshold: 95 },
    { name: "Bin sensor silent", kind: "silent" as const, silentHours: 18 },
  ];
  const existing = new Set((await tx.select({ name: alertRules.name }).from(alertRules).where(eq(alertRules.tenantId, tenantId))).map((r) => r.name));
  const missing = rules.filter((r) => !existing.has(r.name));
  if (missing.length) await tx.insert(alertRules).values(missing.map((r) => ({ tenantId, ...r })));
}

/** The key the app will decrypt with: the configured one, or (embedded mode) the one it made for itself. */
function demoKeyEncryptionKey(): string {
  if (process.env.DEVICE_KEY_ENCRYPTION_KEY) return process.env.DEVICE_KEY_ENCRYPTION_KEY;
  if (!process.env.DATABASE_URL) return loadOrCreateEmbeddedSecrets(process.env.DATA_DIR || ".data").deviceKeyEncryptionKey;
  throw new Error("Seeding the demo devices needs DEVICE_KEY_ENCRYPTION_KEY (the web server's) to encrypt their keys.");
}
