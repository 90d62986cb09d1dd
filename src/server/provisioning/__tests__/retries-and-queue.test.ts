import { status } from "@grpc/grpc-js";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { otaaDevice } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam, teamCaller, type TestTeam } from "../../../../test/factories";
import type { TenantRole } from "@/domain/tenancy/roles";
import { drainProvisioning, jobsOf, useManagedTestNetwork } from "../../../../test/provisioning";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { PROVISIONING_RETRY_DELAYS_SECONDS } from "@/domain/provisioning";
import { withPlatform } from "@/server/db";
import { auditLog, networkManagement } from "@/server/db/schema";
import { runProvisioningOnce } from "../run-provisioning";

const network = useManagedTestNetwork();

const as = (team: TestTeam, role?: TenantRole) => teamCaller(network.db, team, role);
const operator = () => callerFor(network.db, network.operatorId);

/** One DeviceService method answering with `details` until the test ends (or `fault(null)`). */
function deviceFault(method: string, code: number) {
  const fault = (details: string | null) => network.fake.setFault("DeviceService", method, details === null ? null : { code, details });
  onTestFinished(() => fault(null));
  return fault;
}

/** A tenant with one device applied, so its organisation and default profile are on the server. */
async function provisionedTeam() {
  const team = await createTenantWithTeam(network.db);
  await as(team).devices.register(otaaDevice("Already there"));
  await drainProvisioning(network.db);
  return team;
}

describe("retries", () => {
  it("a server that keeps failing retryably is retried on the whole schedule, then the job fails with its last words", async () => {
    const team = await provisionedTeam();
    const failing = deviceFault("get", status.INTERNAL);
    failing("Storage error: pool timed out while waiting for an open connection");
    const { id } = await as(team).devices.register(otaaDevice("Never gets through"));
    const job = async () => (await jobsOf(network.db, team.tenant.id, "device")).find((j) => j.subjectId === id)!;

    const clock = { now: new Date(Date.now() + 1_000) };
    const waits: number[] = [];
    for (let attempt = 1; attempt <= PROVISIONING_RETRY_DELAYS_SECONDS.length + 1; attempt++) {
      if (attempt === PROVISIONING_RETRY_DELAYS_SECONDS.length + 1) failing("Storage error: connection reset by peer");
      await runProvisioningOnce({ db: network.db, now: () => clock.now });
      const after = await job();
      expect(after.attempts).toBe(attempt);
      if (after.status === "failed") break;
      expect(after).toMatchObject({ status: "pending", lastError: "ChirpStack could not read the device: INTERNAL: Storage error: pool timed out while waiting for an open connection" });
      waits.push((after.nextAttemptAt.getTime() - clock.now.getTime()) / 1000);
      clock.now = after.nextAttemptAt;
    }

    expect(waits).toEqual([...PROVISIONING_RETRY_DELAYS_SECONDS]);
    const lastWords = "ChirpStack could not read the device: INTERNAL: Storage error: connection reset by peer";
    expect(await job()).toMatchObject({ status: "failed", attempts: PROVISIONING_RETRY_DELAYS_SECONDS.length + 1, lastError: lastWords, finishedAt: clock.now });
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]).toMatchObject({ state: "failed", error: lastWords });
    // The server answered each time: nothing wrong with the connection itself.
    const [management] = await withPlatform(network.db, (tx) => tx.select().from(networkManagement));
    expect(management!.lastError).toBeNull();
  });

  it("a tenant admin's retry of a failed device queues it again, audited, and it applies", async () => {
    const team = await provisionedTeam();
    const refusing = deviceFault("create", status.INVALID_ARGUMENT);
    refusing("Validation error: device-profile is disabled for new devices");
    const input = otaaDevice("Refused at first");
    const { id } = await as(team).devices.register(input);
    await drainProvisioning(network.db);
    const state = async () => (await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id];
    expect(await state()).toMatchObject({ state: "failed", error: "ChirpStack could not create the device: INVALID_ARGUMENT: Validation error: device-profile is disabled for new devices" });
    expect(await trpcErrorOf(as(team, "member").deviceSync.retry({ deviceId: id }))).toMatchObject({ code: "FORBIDDEN" });

    refusing(null);
    expect(await as(team, "admin").deviceSync.retry({ deviceId: id })).toEqual({ queued: true });
    expect(await state()).toMatchObject({ state: "pending" });
    const [audit] = await withPlatform(network.db, (tx) => tx.select().from(auditLog).where(and(eq(auditLog.action, "device.provisioning_retried"), eq(auditLog.targetId, id))));
    expect(audit).toMatchObject({ tenantId: team.tenant.id, actorId: team.admin.id, details: { devEui: input.devEui } });

    await drainProvisioning(network.db);
    expect(await state()).toMatchObject({ state: "in_sync", error: null });
    expect(network.fake.store.keys.get(input.devEui)!.getNwkKey()).toBe(input.appKey);
    expect((await jobsOf(network.db, team.tenant.id, "device")).filter((j) => j.subjectId === id).map((j) => [j.reason, j.status])).toEqual([["registered", "failed"], ["retry", "done"]]);
  });
});

describe("the operator's queue", () => {
  it("counts and lists jobs across tenants, pages and filters them, and retries failures by tenant", async () => {
    const healthy = await provisionedTeam();
    const troubled = await provisionedTeam();
    const before = await operator().provisioning.overview();
    for (const name of ["Meter A", "Meter B", "Meter C"]) await as(healthy).devices.register(otaaDevice(name));
    await drainProvisioning(network.db);
    const refusing = deviceFault("create", status.INVALID_ARGUMENT);
    refusing("Validation error: dev_eui is reserved");
    const refused = [await as(troubled).devices.register(otaaDevice("Gauge A")), await as(troubled).devices.register(otaaDevice("Gauge B"))];
    await drainProvisioning(network.db);

    const overview = await operator().provisioning.overview();
    expect(overview.failed - before.failed).toBe(2);
    expect(overview.pending).toBe(0);
    expect(overview.doneLast24h - before.doneLast24h).toBe(3);
    expect(overview.byTenant.find((t) => t.tenantId === troubled.tenant.id)).toEqual({ tenantId: troubled.tenant.id, tenantName: troubled.tenant.name, pending: 0, failed: 2 });
    expect(overview.byTenant.some((t) => t.tenantId === healthy.tenant.id)).toBe(false);

    const failed = await operator().provisioning.jobs({ status: "failed", page: 1, pageSize: 100 });
    const troubledFailures = failed.rows.filter((j) => j.tenantId === troubled.tenant.id);
    expect(troubledFailures.map((j) => [j.subjectName, j.tenantName, j.status, j.lastError]).sort()).toEqual([
      ["Gauge A", troubled.tenant.name, "failed", "ChirpStack could not create the device: INVALID_ARGUMENT: Validation error: dev_eui is reserved"],
      ["Gauge B", troubled.tenant.name, "failed", "ChirpStack could not create the device: INVALID_ARGUMENT: Validation error: dev_eui is reserved"],
    ]);
    expect(await operator().provisioning.jobs({ status: "failed", tenantId: healthy.tenant.id })).toEqual({ rows: [], total: 0 });

    // One tenant's jobs, newest first, a page at a time.
    const all = await jobsOf(network.db, healthy.tenant.id);
    const pages = [await operator().provisioning.jobs({ tenantId: healthy.tenant.id, page: 1, pageSize: 5 }), await operator().provisioning.jobs({ tenantId: healthy.tenant.id, page: 2, pageSize: 5 })];
    expect(pages.map((p) => p.total)).toEqual([all.length, all.length]);
    expect(pages.flatMap((p) => p.rows.map((j) => j.id))).toEqual(all.map((j) => j.id).reverse());
    expect(pages[0]!.rows.slice(0, 3).map((j) => [j.subject, j.subjectName, j.reason, j.status, j.outcome])).toEqual(
      ["Meter C", "Meter B", "Meter A"].map((name) => ["device", name, "registered", "done", "created"]),
    );
    expect((await operator().provisioning.jobs({ status: "done", tenantId: healthy.tenant.id, page: 1, pageSize: 100 })).total).toBe(all.length);

    // A failure superseded by a later job (the tenant's own retry) is no longer counted or listed as failed.
    refusing(null);
    await as(troubled, "admin").deviceSync.retry({ deviceId: refused[0]!.id });
    await drainProvisioning(network.db);
    expect((await operator().provisioning.jobs({ status: "failed", tenantId: troubled.tenant.id })).rows.map((j) => j.subjectName)).toEqual(["Gauge B"]);
    expect((await operator().provisioning.overview()).failed - before.failed).toBe(1);
    expect(await operator().provisioning.retry({ tenantId: troubled.tenant.id })).toEqual({ queued: 1 });
    await drainProvisioning(network.db);
    expect((await operator().provisioning.jobs({ status: "failed", tenantId: troubled.tenant.id })).total).toBe(0);
    expect((await operator().provisioning.overview()).failed).toBe(before.failed);

    // The queue is the operator's: tenants' people cannot read it.
    expect(await trpcErrorOf(as(troubled, "owner").provisioning.jobs({}))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("shows what the server holds for a tenant a page at a time, and finds a device by DevEUI or name", async () => {
    const team = await provisionedTeam();
    const inputs = Array.from({ length: 30 }, (_, i) => otaaDevice(`Street light ${String(i).padStart(2, "0")}`));
    await as(team).devices.importDevices({ csv: `name,dev_eui,activation,join_eui,app_key\n${inputs.map((d) => `${d.name},${d.devEui},otaa,${d.joinEui},${d.appKey}`).join("\n")}\n`, mode: "all_or_nothing" });
    await drainProvisioning(network.db);

    const read = (input: { page?: number; search?: string }) => operator().provisioning.tenantNetwork({ tenantId: team.tenant.id, pageSize: 20, ...input });
    const [first, second] = [await read({ page: 1 }), await read({ page: 2 })];
    expect([first.total, first.devices.length, second.devices.length]).toEqual([31, 20, 11]);
    expect(new Set([...first.devices, ...second.devices].map((d) => d.devEui))).toEqual(new Set([...inputs.map((d) => d.devEui), ...(await jobsOf(network.db, team.tenant.id, "device")).map((j) => j.devEui)]));
    const wanted = inputs[17]!;
    expect(await read({ search: wanted.devEui })).toMatchObject({ total: 1, devices: [{ devEui: wanted.devEui, name: wanted.name, disabled: false, activation: "otaa" }] });
    expect((await read({ search: "street LIGHT 2" })).devices.map((d) => d.name).sort()).toEqual(inputs.filter((d) => d.name.startsWith("Street light 2")).map((d) => d.name));
    expect(await read({ search: "no such device" })).toMatchObject({ total: 0, devices: [] });
  });
});
