import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openTestDatabase } from "../../../../test/database";
import { drainProvisioning, stopManaging } from "../../../../test/provisioning";
import { sharedCodecRunner } from "@/domain/codecs";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { devices, networkManagement, provisioningJobs, simulatedNetworkObjects } from "@/server/db/schema";
import { DEMO_CONNECTION, DEMO_DEVICES } from "@/server/demo/demo-network";
import { seedDemo } from "@/server/demo/seed-demo";
import { runProvisioningCheck } from "../check-command";

let handle: DatabaseHandle;
let db: Database;
beforeAll(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  await stopManaging(db);
  await withPlatform(db, (tx) => tx.delete(provisioningJobs).where(eq(provisioningJobs.status, "pending")));
});
afterAll(async () => {
  await stopManaging(db);
  await sharedCodecRunner().close();
  await handle.close();
});

// Turning the demo's management on queues every tenant and device in the database, so against the shared
// test database (after the whole suite) this provisions a thousand devices or more.
it("the demo runs on the simulated network server, with every demo device provisioned", { timeout: 120_000 }, async () => {
  await seedDemo(db);
  await seedDemo(db);
  expect(await withPlatform(db, (tx) => tx.select({ id: networkManagement.connectionId, kind: networkManagement.kind }).from(networkManagement))).toEqual([{ id: DEMO_CONNECTION.id, kind: "simulated" }]);
  await drainProvisioning(db);
  const euis = DEMO_DEVICES.map((d) => d.devEui);
  const simulated = await withPlatform(db, (tx) => tx.select().from(simulatedNetworkObjects).where(inArray(simulatedNetworkObjects.id, euis)));
  expect(simulated.map((o) => o.id).sort()).toEqual([...euis].sort());
  const demoDevices = await withPlatform(db, (tx) => tx.select({ id: devices.id }).from(devices).where(inArray(devices.devEui, euis)));
  const jobs = await withPlatform(db, (tx) => tx.select().from(provisioningJobs).where(inArray(provisioningJobs.subjectId, demoDevices.map((d) => d.id))));
  expect(jobs.every((j) => j.status === "done")).toBe(true);
});

it("npm run provisioning:check reports differences and, with --fix, queues what Longreach can settle", async () => {
  const [gone] = DEMO_DEVICES;
  // One tenant's check, so other test files' tenants in a shared database are left alone.
  const tenantSlug = gone!.tenantSlug;
  await withPlatform(db, (tx) => tx.delete(simulatedNetworkObjects).where(eq(simulatedNetworkObjects.id, gone!.devEui)));
  const lines: string[] = [];
  expect(await runProvisioningCheck(db, { fix: false, tenantSlug, print: (line) => lines.push(line) })).toBe(1);
  expect(lines.join("\n")).toContain(`(${gone!.devEui}) of`);
  expect(lines.join("\n")).toContain("is missing on the network server");

  const fixed: string[] = [];
  await runProvisioningCheck(db, { fix: true, tenantSlug, print: (line) => fixed.push(line) });
  expect(fixed.find((line) => line.includes(gone!.devEui))).toMatch(/^ {2}queued a fix:/);
  await drainProvisioning(db);
  const after: string[] = [];
  await runProvisioningCheck(db, { fix: false, tenantSlug, print: (line) => after.push(line) });
  expect(after.join("\n")).not.toContain(gone!.devEui);
  expect(await runProvisioningCheck(db, { fix: false, tenantSlug: "no-such-tenant", print: () => {} })).toBe(2);
});
