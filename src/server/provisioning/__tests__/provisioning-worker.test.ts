import { eq } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { databaseErrorOf } from "../../../../test/database";
import { otaaDevice, randomAesKey, randomEui } from "../../../../test/device-fixtures";
import { callerFor, createTenantWithTeam, createUser, teamCaller, type TestTeam } from "../../../../test/factories";
import type { TenantRole } from "@/domain/tenancy/roles";
import { drainProvisioning, jobsOf, useManagedTestNetwork, untilReachable } from "../../../../test/provisioning";
import { trpcErrorOf } from "../../../../test/trpc-errors";
import { withPlatform, withTenant } from "@/server/db";
import { networkManagement, plans, provisioningJobs, provisioningOrganisations, tenantBilling } from "@/server/db/schema";
import { PROVISIONING_RETRY_DELAYS_SECONDS } from "@/domain/provisioning";
import { startProvisioningScheduler } from "../provisioning-scheduler";
import { CLAIM_LIMIT, runProvisioningOnce, type ProvisioningRun } from "../run-provisioning";

const network = useManagedTestNetwork();

const as = (team: TestTeam, role?: TenantRole) => teamCaller(network.db, team, role);
const operator = () => callerFor(network.db, network.operatorId);
const organisationOf = async (tenantId: string) => (await withPlatform(network.db, (tx) => tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.tenantId, tenantId))))[0];
const callsFor = (devEui: string) => network.fake.calls.filter((c) => c.service === "DeviceService" && JSON.stringify(c.request).includes(devEui)).map((c) => c.method);

describe("provisioning through the outbox into ChirpStack", () => {
  it("onboards the tenant, then creates, updates and deletes its device with its keys and profile", async () => {
    const team = await createTenantWithTeam(network.db);
    expect((await jobsOf(network.db, team.tenant.id, "tenant")).map((j) => j.reason)).toEqual(["onboarded"]);
    const profile = await as(team, "admin").deviceProfiles.create({ name: "Soil", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: "function decodeUplink(input) { return { data: { moisture: input.bytes[0] } }; }" });
    const input = otaaDevice("Soil probe");
    const { id } = await as(team).devices.register({ ...input, profileId: profile.id });
    // Queued in the registration's own transaction.
    expect((await jobsOf(network.db, team.tenant.id, "device")).map((j) => [j.subjectId, j.status, j.reason])).toEqual([[id, "pending", "registered"]]);
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]?.state).toBe("pending");

    await drainProvisioning(network.db);
    const organisation = (await organisationOf(team.tenant.id))!;
    const device = network.fake.store.devices.get(input.devEui)!;
    expect(device.getApplicationId()).toBe(organisation.remoteApplicationId);
    expect(network.fake.store.applications.get(organisation.remoteApplicationId)!.getTenantId()).toBe(organisation.remoteTenantId);
    expect(network.fake.store.keys.get(input.devEui)!.getNwkKey()).toBe(input.appKey);
    const remoteProfile = network.fake.store.profiles.get(device.getDeviceProfileId())!;
    expect([remoteProfile.getTenantId(), remoteProfile.getPayloadCodecScript()]).toEqual([organisation.remoteTenantId, expect.stringContaining("moisture")]);
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]).toMatchObject({ state: "in_sync", error: null });

    await as(team).devices.update({ deviceId: id, name: "Soil probe, north field" });
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.get(input.devEui)!.getName()).toBe("Soil probe, north field");

    await as(team).devices.delete({ deviceId: id });
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.has(input.devEui)).toBe(false);
    expect(callsFor(input.devEui)).toEqual(["get", "create", "createKeys", "get", "getKeys", "update", "get", "getKeys", "delete"]);
    expect((await jobsOf(network.db, team.tenant.id)).every((j) => j.status === "done")).toBe(true);
  });

  it("keeps a profile's ChirpStack profiles in step with it, and removes them once it is deleted", async () => {
    const team = await createTenantWithTeam(network.db);
    const fields = { name: "Meters", region: "EU868" as const, macVersion: "1.0.3" as const, deviceClass: "A" as const, codecSource: null };
    const profile = await as(team, "admin").deviceProfiles.create(fields);
    const otaaMeter = otaaDevice("Meter");
    const { id: otaaId } = await as(team).devices.register({ ...otaaMeter, profileId: profile.id });
    const abpDevice = { name: "Old meter", devEui: randomEui(), activation: "abp" as const, devAddr: "26011f02", nwkSKey: randomAesKey(), appSKey: randomAesKey(), profileId: profile.id };
    const { id: abpId } = await as(team).devices.register(abpDevice);
    await drainProvisioning(network.db);
    const otaaProfile = network.fake.store.devices.get(otaaMeter.devEui)!.getDeviceProfileId();
    const abpProfile = network.fake.store.devices.get(abpDevice.devEui)!.getDeviceProfileId();
    expect(otaaProfile).not.toBe(abpProfile);
    expect([network.fake.store.profiles.get(otaaProfile)!.getSupportsOtaa(), network.fake.store.profiles.get(abpProfile)!.getSupportsOtaa()]).toEqual([true, false]);
    expect(network.fake.store.activations.get(abpDevice.devEui)!.getDevAddr()).toBe("26011f02");

    await as(team, "admin").deviceProfiles.update({ ...fields, profileId: profile.id, deviceClass: "C", codecSource: "function decodeUplink(input) { return { data: { litres: input.bytes[0] } }; }" });
    await drainProvisioning(network.db);
    for (const id of [otaaProfile, abpProfile]) {
      expect(network.fake.store.profiles.get(id)!.getSupportsClassC()).toBe(true);
      expect(network.fake.store.profiles.get(id)!.getPayloadCodecScript()).toContain("litres");
    }

    for (const deviceId of [otaaId, abpId]) await as(team).devices.update({ deviceId, profileId: null });
    await as(team, "admin").deviceProfiles.delete({ profileId: profile.id });
    await drainProvisioning(network.db);
    expect([network.fake.store.profiles.has(otaaProfile), network.fake.store.profiles.has(abpProfile)]).toEqual([false, false]);
    expect([network.fake.store.devices.has(otaaMeter.devEui), network.fake.store.devices.has(abpDevice.devEui)]).toEqual([true, true]);
  });

  it("imports 500 devices from CSV: 500 jobs queued with the import, applied in batches, all on the server", async () => {
    const team = await createTenantWithTeam(network.db);
    const rows = Array.from({ length: 500 }, (_, i) => `Meter ${i},${randomEui()},otaa,${randomEui()},${randomAesKey()}`);
    const result = await as(team).devices.importDevices({ csv: `name,dev_eui,activation,join_eui,app_key\n${rows.join("\n")}\n`, mode: "all_or_nothing" });
    expect(result.imported).toBe(500);
    expect((await jobsOf(network.db, team.tenant.id, "device")).filter((j) => j.status === "pending")).toHaveLength(500);

    const runs = await drainProvisioning(network.db);
    const claims = runs.filter((r) => r.claimed > 0);
    expect(Math.max(...claims.map((r) => r.claimed))).toBe(50);
    expect(claims.length).toBeLessThanOrEqual(15);
    const organisation = (await organisationOf(team.tenant.id))!;
    const onServer = [...network.fake.store.devices.values()].filter((d) => d.getApplicationId() === organisation.remoteApplicationId);
    expect(onServer).toHaveLength(500);
    expect((await jobsOf(network.db, team.tenant.id, "device")).every((j) => j.status === "done")).toBe(true);
  });

  it("suspending disables the tenant's devices on the server, reactivating enables them, closing removes them after confirming the count", async () => {
    const team = await createTenantWithTeam(network.db);
    const inputs = [otaaDevice("A"), otaaDevice("B"), otaaDevice("C")];
    for (const input of inputs) await as(team).devices.register(input);
    await drainProvisioning(network.db);
    const disabled = () => inputs.map((d) => network.fake.store.devices.get(d.devEui)?.getIsDisabled());
    expect(disabled()).toEqual([false, false, false]);

    await operator().tenants.setStatus({ tenantId: team.tenant.id, status: "suspended" });
    await drainProvisioning(network.db);
    expect(disabled()).toEqual([true, true, true]);

    await operator().tenants.setStatus({ tenantId: team.tenant.id, status: "active" });
    await drainProvisioning(network.db);
    expect(disabled()).toEqual([false, false, false]);

    expect(await operator().tenants.closureImpact({ tenantId: team.tenant.id })).toEqual({ devices: 3, managed: true });
    expect(await trpcErrorOf(operator().tenants.setStatus({ tenantId: team.tenant.id, status: "closed" }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("removes its 3 devices") });
    expect(await trpcErrorOf(operator().tenants.setStatus({ tenantId: team.tenant.id, status: "closed", devicesToRemove: 2 }))).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("now has 3 devices, not 2") });
    const organisation = (await organisationOf(team.tenant.id))!;
    await operator().tenants.setStatus({ tenantId: team.tenant.id, status: "closed", devicesToRemove: 3 });
    await drainProvisioning(network.db);
    expect(inputs.map((d) => network.fake.store.devices.has(d.devEui))).toEqual([false, false, false]);
    expect(network.fake.store.tenants.has(organisation.remoteTenantId)).toBe(false);
    expect(await organisationOf(team.tenant.id)).toBeUndefined();
  });

  it("gives the tenant's ChirpStack tenant its plan's limits, and changes them with the plan", async () => {
    const team = await createTenantWithTeam(network.db);
    const [plan] = await withPlatform(network.db, (tx) => tx.insert(plans).values({ name: `Limited ${team.tenant.slug}`, kind: "standard", maxDevices: 10, maxGateways: 0 }).returning());
    await withPlatform(network.db, (tx) => tx.insert(tenantBilling).values({ tenantId: team.tenant.id, planId: plan!.id }));
    await drainProvisioning(network.db);
    const remoteTenant = () => network.fake.store.tenants.get(organisationOfSync!.remoteTenantId)!;
    let organisationOfSync = await organisationOf(team.tenant.id);
    expect([remoteTenant().getMaxDeviceCount(), remoteTenant().getMaxGatewayCount(), remoteTenant().getCanHaveGateways()]).toEqual([10, 0, false]);
    const billing = await createUser(network.db, { platformRole: "billing" });
    await callerFor(network.db, billing.id).plans.setLimits({ planId: plan!.id, maxDevices: 25, maxGateways: 2 });
    await drainProvisioning(network.db);
    organisationOfSync = await organisationOf(team.tenant.id);
    expect([remoteTenant().getMaxDeviceCount(), remoteTenant().getMaxGatewayCount(), remoteTenant().getCanHaveGateways()]).toEqual([25, 2, true]);
    expect(await trpcErrorOf(callerFor(network.db, billing.id).plans.setLimits({ planId: plan!.id, maxDevices: 0, maxGateways: null }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("keeps retrying while the server is down, loses nothing and keeps each device's order", async () => {
    const team = await createTenantWithTeam(network.db);
    await drainProvisioning(network.db);
    const inputs = [otaaDevice("North"), otaaDevice("South"), otaaDevice("East")];
    await network.fake.stop();
    onTestFinished(() => network.fake.start().catch(() => {}));
    const ids: string[] = [];
    for (const input of inputs) ids.push((await as(team).devices.register(input)).id);
    await as(team).devices.update({ deviceId: ids[0]!, name: "North 2" });
    await as(team).devices.update({ deviceId: ids[0]!, name: "North 3" });

    const clock = { now: new Date() };
    for (let round = 0; round < 4; round++) {
      await runProvisioningOnce({ db: network.db, now: () => clock.now });
      clock.now = new Date(clock.now.getTime() + 120_000);
    }
    const whileDown = await jobsOf(network.db, team.tenant.id);
    expect(whileDown.filter((j) => j.reason !== "onboarded").every((j) => j.status === "pending")).toBe(true);
    const tried = whileDown.filter((j) => j.lastError);
    expect(tried.length).toBeGreaterThan(0);
    for (const job of tried) expect(job.lastError).toMatch(/UNAVAILABLE|DEADLINE_EXCEEDED|not tried: the network server was unreachable/);
    expect(Math.max(...whileDown.map((j) => j.attempts))).toBeGreaterThan(1);
    const [management] = await withPlatform(network.db, (tx) => tx.select().from(networkManagement));
    expect(management!.lastError).toMatch(/ChirpStack could not/);

    await network.fake.start();
    for (let round = 0; round < 60 && (await jobsOf(network.db, team.tenant.id)).some((j) => j.status !== "done"); round++) {
      await runProvisioningOnce({ db: network.db, now: () => clock.now });
      clock.now = new Date(clock.now.getTime() + 60_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const after = await jobsOf(network.db, team.tenant.id);
    expect(after.filter((j) => j.status !== "done")).toEqual([]);
    expect(inputs.map((d) => network.fake.store.devices.has(d.devEui))).toEqual([true, true, true]);
    expect(network.fake.store.devices.get(inputs[0]!.devEui)!.getName()).toBe("North 3");
    // Jobs apply the device's state when they run, so the create already carried the last name and the renames had nothing left to do.
    expect(callsFor(inputs[0]!.devEui).filter((method) => method === "create")).toHaveLength(1);
    expect(after.filter((j) => j.subjectId === ids[0]).map((j) => [j.reason, j.outcome])).toEqual([["registered", "created"], ["updated", "nothing to change"], ["updated", "nothing to change"]]);
    // Each device's jobs finished in the order they were queued.
    for (const id of ids) {
      const jobs = after.filter((j) => j.subjectId === id);
      const finished = jobs.map((j) => j.finishedAt!.getTime());
      expect(finished).toEqual([...finished].sort((a, b) => a - b));
    }
    const [healed] = await withPlatform(network.db, (tx) => tx.select().from(networkManagement));
    expect(healed!.lastError).toBeNull();
  });

  /** Makes `change` while the server is down, tries a couple of rounds, then brings it back and lets every job apply. */
  async function duringOutage(change: () => Promise<void>) {
    await network.fake.stop();
    onTestFinished(() => network.fake.start().catch(() => {}));
    await change();
    const clock = { now: new Date() };
    for (let round = 0; round < 2; round++) {
      await runProvisioningOnce({ db: network.db, now: () => clock.now });
      clock.now = new Date(clock.now.getTime() + 60_000);
    }
    await network.fake.start();
    await untilReachable(network.db);
    await drainProvisioning(network.db, { clock });
  }

  it("a device deleted and registered again (new id, same DevEUI) while the server is down ends on it as the new registration", async () => {
    const team = await createTenantWithTeam(network.db);
    const before = otaaDevice("Trough sensor");
    const { id: oldId } = await as(team).devices.register(before);
    await drainProvisioning(network.db);
    const after = { ...otaaDevice("Trough sensor, replaced"), devEui: before.devEui };
    let newId = "";
    await duringOutage(async () => {
      await as(team).devices.delete({ deviceId: oldId });
      newId = (await as(team).devices.register(after)).id;
    });

    const remote = network.fake.store.devices.get(before.devEui);
    expect(remote?.getApplicationId()).toBe((await organisationOf(team.tenant.id))!.remoteApplicationId);
    expect(remote!.getName()).toBe(after.name);
    expect(network.fake.store.keys.get(before.devEui)!.getNwkKey()).toBe(after.appKey);
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [newId] }))[newId]).toMatchObject({ state: "in_sync" });
    // The old registration's removal went first and left the DevEUI to the new one, which then wrote its keys.
    expect((await jobsOf(network.db, team.tenant.id, "device")).map((j) => [j.subjectId, j.reason, j.status, j.outcome])).toEqual([
      [oldId, "registered", "done", "created"],
      [oldId, "deleted", "done", "left alone: registered again as a new device, whose own job updates it"],
      [newId, "registered", "done", "updated name, keys"],
    ]);
  });

  it("one tenant's deleted DevEUI registered by another while the server is down ends in the new tenant's application", async () => {
    const [first, second] = [await createTenantWithTeam(network.db), await createTenantWithTeam(network.db)];
    const before = otaaDevice("Sold meter");
    const { id: oldId } = await as(first).devices.register(before);
    await drainProvisioning(network.db);
    const after = { ...otaaDevice("Bought meter"), devEui: before.devEui };
    let newId = "";
    await duringOutage(async () => {
      await as(first).devices.delete({ deviceId: oldId });
      newId = (await as(second).devices.register(after)).id;
    });

    expect(network.fake.store.devices.get(before.devEui)?.getApplicationId()).toBe((await organisationOf(second.tenant.id))!.remoteApplicationId);
    expect(network.fake.store.keys.get(before.devEui)!.getNwkKey()).toBe(after.appKey);
    expect((await as(second, "viewer").deviceSync.states({ deviceIds: [newId] }))[newId]).toMatchObject({ state: "in_sync", error: null });
    expect((await jobsOf(network.db, first.tenant.id, "device")).map((j) => [j.reason, j.outcome])).toEqual([["registered", "created"], ["deleted", "removed"]]);
    expect((await jobsOf(network.db, second.tenant.id, "device")).map((j) => [j.reason, j.status, j.outcome])).toEqual([["registered", "done", "created"]]);
  });

  it("while the server stays down every job backs off on the retry schedule, whether a round got to try it or not", async () => {
    const team = await createTenantWithTeam(network.db);
    // One device first, so the tenant's profile is on the server and the others' jobs go straight to it.
    await as(team).devices.register(otaaDevice("Before the outage"));
    await drainProvisioning(network.db);
    await network.fake.stop();
    onTestFinished(() => network.fake.start().catch(() => {}));
    for (let i = 0; i < 20; i++) await as(team).devices.register(otaaDevice(`During the outage ${i}`));

    const start = Date.now() + 1_000;
    const runs: ProvisioningRun[] = [];
    for (let second = 0; second < 600; second += 5) runs.push(await runProvisioningOnce({ db: network.db, now: () => new Date(start + second * 1000) }));
    const jobs = (await jobsOf(network.db, team.tenant.id, "device")).filter((j) => j.status === "pending");
    expect(jobs).toHaveLength(20);
    // Ten minutes of rounds every 5 s knocked on the server's door 7 times, at 0, 5, 20, 50, 110, 230 and 530 s (the schedule's first delays), with every job.
    expect(runs.filter((run) => run.claimed > 0).map((run) => [run.claimed, run.unreachable])).toEqual(Array.from({ length: 7 }, () => [20, true]));
    expect(new Set(jobs.map((j) => j.attempts))).toEqual(new Set([7]));
    expect(new Set(jobs.map((j) => j.nextAttemptAt.getTime()))).toEqual(new Set([start + (530 + PROVISIONING_RETRY_DELAYS_SECONDS[6]) * 1000]));
    for (const job of jobs) expect(job.lastError).toMatch(/UNAVAILABLE/);
    expect(jobs.some((j) => j.lastError!.startsWith("not tried: the network server was unreachable (ChirpStack could not"))).toBe(true);

    await network.fake.start();
    await untilReachable(network.db);
    await drainProvisioning(network.db);
    expect((await jobsOf(network.db, team.tenant.id, "device")).filter((j) => j.status !== "done")).toEqual([]);
  });

  it("a scheduler does not run again at once after a full claim the server was unreachable for", async () => {
    const team = await createTenantWithTeam(network.db);
    await as(team).devices.register(otaaDevice("Before the outage"));
    await drainProvisioning(network.db);
    await network.fake.stop();
    onTestFinished(() => network.fake.start().catch(() => {}));
    const rows = Array.from({ length: CLAIM_LIMIT + 10 }, (_, i) => `Backlog ${i},${randomEui()},otaa,${randomEui()},${randomAesKey()}`);
    await as(team).devices.importDevices({ csv: `name,dev_eui,activation,join_eui,app_key\n${rows.join("\n")}\n`, mode: "all_or_nothing" });

    const runs: ProvisioningRun[] = [];
    let firstRun = () => {};
    const ranOnce = new Promise<void>((resolve) => (firstRun = resolve));
    const scheduler = startProvisioningScheduler({ database: async () => network.db, intervalMs: 300, onRun: (run) => { runs.push(run); firstRun(); } });
    await ranOnce;
    await new Promise((resolve) => setTimeout(resolve, 200));
    await scheduler.stop();
    // A backlog the server answered would have been claimed again at once; an unreachable one waits for the interval.
    expect(runs).toEqual([{ claimed: CLAIM_LIMIT, done: 0, failed: expect.any(Number), unreachable: true }]);

    await network.fake.start();
    await untilReachable(network.db);
    await drainProvisioning(network.db);
    expect((await jobsOf(network.db, team.tenant.id, "device")).filter((j) => j.status !== "done")).toEqual([]);
  });

  it("workers running at the same time apply each job once", async () => {
    const team = await createTenantWithTeam(network.db);
    const inputs = Array.from({ length: 120 }, (_, i) => otaaDevice(`Shared ${i}`));
    await as(team).devices.importDevices({ csv: `name,dev_eui,activation,join_eui,app_key\n${inputs.map((d) => `${d.name},${d.devEui},otaa,${d.joinEui},${d.appKey}`).join("\n")}\n`, mode: "all_or_nothing" });
    for (let round = 0; round < 40 && (await jobsOf(network.db, team.tenant.id)).some((j) => j.status !== "done"); round++) {
      await Promise.all([runProvisioningOnce({ db: network.db }), runProvisioningOnce({ db: network.db }), runProvisioningOnce({ db: network.db })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await jobsOf(network.db, team.tenant.id)).filter((j) => j.status !== "done")).toEqual([]);
    for (const input of inputs) expect(callsFor(input.devEui).filter((m) => m === "create")).toHaveLength(1);
    expect(network.fake.calls.filter((c) => c.service === "TenantService" && c.method === "create" && JSON.stringify(c.request).includes(team.tenant.name))).toHaveLength(1);
  });

  it("a device deleted while its create is still pending never reaches the server", async () => {
    const team = await createTenantWithTeam(network.db);
    const input = otaaDevice("Soil probe");
    const { id } = await as(team).devices.register(input);
    await as(team).devices.delete({ deviceId: id });
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.has(input.devEui)).toBe(false);
    expect(callsFor(input.devEui)).not.toContain("create");
    expect((await jobsOf(network.db, team.tenant.id, "device")).map((j) => [j.reason, j.status])).toEqual([["registered", "done"], ["deleted", "done"]]);
  });
});

describe("a wrong API token", () => {
  it("fails the jobs with ChirpStack's words, shows them on the device and the connection, and recovers on retry once fixed", async () => {
    const [management] = await withPlatform(network.db, (tx) => tx.select().from(networkManagement));
    await operator().networkManagement.configure({ connectionId: management!.connectionId, kind: "chirpstack", apiUrl: network.fake.apiUrl, apiToken: "a-wrong-token-that-is-long-enough" });
    const team = await createTenantWithTeam(network.db);
    const { id } = await as(team).devices.register(otaaDevice("Soil probe"));
    await drainProvisioning(network.db);
    const state = (await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]!;
    expect(state.state).toBe("failed");
    expect(state.error).toMatch(/UNAUTHENTICATED: InvalidSignature.*API token/);
    expect((await operator().networkManagement.get())!.lastError).toMatch(/UNAUTHENTICATED/);
    expect(await trpcErrorOf(operator().networkManagement.test())).toMatchObject({ code: "BAD_GATEWAY", message: expect.stringContaining("UNAUTHENTICATED") });
    expect((await operator().provisioning.overview()).failed).toBeGreaterThanOrEqual(1);

    await operator().networkManagement.configure({ connectionId: management!.connectionId, kind: "chirpstack", apiUrl: network.fake.apiUrl, apiToken: network.fake.apiToken });
    expect(await operator().networkManagement.test()).toMatchObject({ ok: true });
    expect((await operator().provisioning.retry({})).queued).toBeGreaterThanOrEqual(1);
    await drainProvisioning(network.db);
    expect((await as(team, "viewer").deviceSync.states({ deviceIds: [id] }))[id]!.state).toBe("in_sync");
    expect((await operator().networkManagement.get())!.lastError).toBeNull();
  });

  it("never returns the token", async () => {
    const said = JSON.stringify(await operator().networkManagement.get());
    expect(said).not.toContain(network.fake.apiToken);
    const [row] = await withPlatform(network.db, (tx) => tx.select().from(networkManagement));
    expect(row!.apiTokenEnc).toMatch(/^v1:/);
    expect(row!.apiTokenEnc).not.toContain(network.fake.apiToken);
  });
});

describe("no tenant can provision into another tenant's organisation", () => {
  it("a DevEUI that is in another tenant's application on the server is refused, never moved", async () => {
    const victim = await createTenantWithTeam(network.db);
    const attacker = await createTenantWithTeam(network.db);
    const victimDevice = otaaDevice("Victim's meter");
    await as(victim).devices.register(victimDevice);
    await drainProvisioning(network.db);
    // Longreach forgets the victim's device (e.g. it was registered on ChirpStack by hand), so the DevEUI is free locally.
    await withPlatform(network.db, (tx) => tx.execute(`delete from devices where dev_eui = '${victimDevice.devEui}'`));
    await withPlatform(network.db, (tx) => tx.delete(provisioningJobs).where(eq(provisioningJobs.devEui, victimDevice.devEui)));
    const { id } = await as(attacker).devices.register({ ...otaaDevice("Mine now"), devEui: victimDevice.devEui });
    await drainProvisioning(network.db);
    const state = (await as(attacker, "viewer").deviceSync.states({ deviceIds: [id] }))[id]!;
    expect(state).toMatchObject({ state: "failed", error: expect.stringContaining("not this organisation's") });
    expect(state.error).not.toContain(victim.tenant.name);
    const remote = network.fake.store.devices.get(victimDevice.devEui)!;
    expect(remote.getApplicationId()).toBe((await organisationOf(victim.tenant.id))!.remoteApplicationId);
    expect(remote.getName()).toBe("Victim's meter");
    expect(network.fake.store.keys.get(victimDevice.devEui)!.getNwkKey()).toBe(victimDevice.appKey);
  });

  it("a job naming another tenant's device touches nothing of it", async () => {
    const victim = await createTenantWithTeam(network.db);
    const attacker = await createTenantWithTeam(network.db);
    const victimDevice = otaaDevice("Soil probe");
    const { id: victimId } = await as(victim).devices.register(victimDevice);
    await drainProvisioning(network.db);
    const before = network.fake.store.devices.get(victimDevice.devEui)!.serializeBinary();
    // Even a job in the attacker's name for the victim's device id (and DevEUI) is applied within the attacker's tenant only.
    await withPlatform(network.db, (tx) => tx.insert(provisioningJobs).values({ tenantId: attacker.tenant.id, subject: "device", subjectId: victimId, devEui: victimDevice.devEui, reason: "forged" }));
    await drainProvisioning(network.db);
    expect(network.fake.store.devices.get(victimDevice.devEui)!.serializeBinary()).toEqual(before);
    expect((await jobsOf(network.db, attacker.tenant.id, "device")).at(-1)).toMatchObject({ status: "done", outcome: "left alone: on the network server it is in another application" });
  });

  it("the database refuses a tenant's jobs for another tenant and hides other tenants' jobs and mappings", async () => {
    const victim = await createTenantWithTeam(network.db);
    const attacker = await createTenantWithTeam(network.db);
    await drainProvisioning(network.db);
    const refusal = await databaseErrorOf(
      withTenant(network.db, { tenantId: attacker.tenant.id }, (tx) => tx.insert(provisioningJobs).values({ tenantId: victim.tenant.id, subject: "tenant", subjectId: victim.tenant.id, reason: "forged" })),
    );
    expect(refusal).toMatch(/row-level security/);
    const seen = await withTenant(network.db, { tenantId: attacker.tenant.id }, async (tx) => ({
      jobs: await tx.select().from(provisioningJobs).where(eq(provisioningJobs.tenantId, victim.tenant.id)),
      organisations: await tx.select().from(provisioningOrganisations).where(eq(provisioningOrganisations.tenantId, victim.tenant.id)),
    }));
    expect(seen).toEqual({ jobs: [], organisations: [] });
    const updateRefused = await withTenant(network.db, { tenantId: attacker.tenant.id }, (tx) => tx.update(provisioningOrganisations).set({ remoteApplicationId: "x" }).returning());
    expect(updateRefused).toEqual([]);
    expect(await trpcErrorOf(as(attacker, "admin").deviceSync.retry({ deviceId: (await as(victim).devices.register(otaaDevice("Soil probe"))).id }))).toMatchObject({ code: "NOT_FOUND" });
  });
});
