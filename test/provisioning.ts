import { and, asc, eq, min, sql } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { withPlatform, type Database } from "@/server/db";
import type { DatabaseHandle } from "@/server/db/client";
import { networkManagement, provisioningJobs } from "@/server/db/schema";
import { createConnection } from "@/server/network/connections";
import { closeProvisioningTargets, configureManagement, provisioningTarget } from "@/server/provisioning/management";
import { runProvisioningOnce, type ProvisioningRun } from "@/server/provisioning/run-provisioning";
import { startFakeChirpstack, type FakeChirpstack } from "@/testing/fake-chirpstack";
import { openTestDatabase } from "./database";
import { createUser } from "./factories";

/**
 * Makes a fresh connection the managed network server: the fake ChirpStack, or the simulated one.
 * Management is network-wide (one managed connection), so this replaces whatever an earlier test file
 * left, and drops jobs still pending from it: those belong to other files' tenants.
 */
export async function manageNetwork(db: Database, server: FakeChirpstack | "simulated") {
  closeProvisioningTargets();
  await withPlatform(db, async (tx) => {
    await tx.delete(networkManagement);
    await tx.delete(provisioningJobs).where(eq(provisioningJobs.status, "pending"));
  });
  const operator = await createUser(db, { platformRole: "operator" });
  const actor = { userId: operator.id, email: operator.email };
  const connection = await withPlatform(db, (tx) => createConnection(tx, actor, { name: "Test network server", kind: "chirpstack" }));
  await withPlatform(db, (tx) =>
    configureManagement(tx, actor, server === "simulated" ? { connectionId: connection.id, kind: "simulated" } : { connectionId: connection.id, kind: "chirpstack", apiUrl: server.apiUrl, apiToken: server.apiToken }),
  );
  return { connectionId: connection.id, operator };
}

export async function stopManaging(db: Database) {
  closeProvisioningTargets();
  await withPlatform(db, (tx) => tx.delete(networkManagement));
}

/**
 * Runs provisioning rounds until no job is pending, moving a test clock to the next job's due time
 * instead of waiting for it (retries and dependency waits). Returns every round's figures.
 */
export async function drainProvisioning(db: Database, options: { clock?: { now: Date }; maxRounds?: number } = {}) {
  const clock = options.clock ?? { now: new Date() };
  const runs: ProvisioningRun[] = [];
  for (let round = 0; round < (options.maxRounds ?? 200); round++) {
    // The test clock never runs behind the real one: jobs queued meanwhile are due at the database's now().
    clock.now = new Date(Math.max(clock.now.getTime(), Date.now()));
    const run = await runProvisioningOnce({ db, now: () => clock.now });
    runs.push(run);
    if (run.claimed) continue;
    const [next] = await withPlatform(db, (tx) => tx.select({ at: min(provisioningJobs.nextAttemptAt) }).from(provisioningJobs).where(eq(provisioningJobs.status, "pending")));
    if (!next?.at) return runs;
    clock.now = new Date(Math.max(clock.now.getTime(), next.at.getTime()) + 1);
  }
  throw new Error("provisioning did not settle");
}

/**
 * After `fake.start()`: waits (in real time) until the managed server answers again, as gRPC reconnects
 * after a backoff of its own; rounds run before then would only spend the jobs' retries.
 */
export async function untilReachable(db: Database, timeoutMs = 20_000) {
  const target = await provisioningTarget(db);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await target!.server.checkAccess();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** A tenant's jobs, oldest first. */
export function jobsOf(db: Database, tenantId: string, subject?: "tenant" | "profile" | "device") {
  return withPlatform(db, (tx) =>
    tx.select().from(provisioningJobs).where(and(eq(provisioningJobs.tenantId, tenantId), subject ? eq(provisioningJobs.subject, subject) : undefined)).orderBy(asc(provisioningJobs.id)),
  );
}

export async function pendingJobCount(db: Database) {
  const [row] = await withPlatform(db, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(provisioningJobs).where(eq(provisioningJobs.status, "pending")));
  return row?.n ?? 0;
}

/**
 * This test file's database with a fresh fake ChirpStack as its managed network server, opened before
 * its tests and undone after them. Read `.db`, `.fake` and `.operatorId` inside tests (or hooks
 * registered after this call), once it is open.
 */
export function useManagedTestNetwork(): { readonly db: Database; readonly fake: FakeChirpstack; readonly operatorId: string } {
  let opened: { handle: DatabaseHandle; fake: FakeChirpstack; operatorId: string } | undefined;
  beforeAll(async () => {
    const handle = await openTestDatabase();
    const fake = await startFakeChirpstack();
    const { operator } = await manageNetwork(handle.db, fake);
    opened = { handle, fake, operatorId: operator.id };
  });
  afterAll(async () => {
    if (!opened) return;
    await stopManaging(opened.handle.db);
    await opened.fake.close();
    await opened.handle.close();
  });
  const network = () => {
    if (!opened) throw new Error("the managed test network is not open yet: use it inside a test");
    return opened;
  };
  return {
    get db() {
      return network().handle.db;
    },
    get fake() {
      return network().fake;
    },
    get operatorId() {
      return network().operatorId;
    },
  };
}
