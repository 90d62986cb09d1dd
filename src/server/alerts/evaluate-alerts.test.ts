import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/database";
import { ingestUplinks, randomAesKey, randomEui } from "../../../test/device-fixtures";
import { callerFor, captureMail, createTenantWithTeam } from "../../../test/factories";
import { createForwarder, deliveriesOf } from "../../../test/forwarders";
import { EXAMPLE_CODECS, encodeBinFillLevel, sharedCodecRunner } from "@/domain/codecs";
import { withPlatform, withTenant } from "@/server/db";
import { alertEpisodes, tenants } from "@/server/db/schema";
import { claimDeliveries } from "@/server/forwarding/claim-deliveries";
import { forwardedEventOf } from "@/server/forwarding/delivery-body";
import { eq } from "drizzle-orm";
import { evaluateAlerts, evaluateTenantAlerts, type AlertDeps } from "./evaluate-alerts";

const database = useTestDatabase();
afterAll(() => sharedCodecRunner().close());

const payload = (fillPercent: number, batteryMillivolts = 3500) => Buffer.from(encodeBinFillLevel({ fillPercent, batteryMillivolts, temperatureC: 11 })).toString("base64");
const MINUTE = 60_000;

async function binTeam() {
  const team = await createTenantWithTeam(database.db);
  const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
  const { id: profileId } = await admin.deviceProfiles.create({ name: "Bins", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: EXAMPLE_CODECS.binFillLevel.source, batteryMinMv: 3000, batteryMaxMv: 3650 });
  const devEui = randomEui();
  const { id: deviceId } = await admin.devices.register({ name: "Bin 7", devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId });
  let fCnt = 0;
  const read = (fillPercent: number, at: Date, batteryMillivolts?: number) => ingestUplinks(database.db, devEui, [{ fCnt: fCnt++, data: payload(fillPercent, batteryMillivolts), time: at.toISOString() }], sharedCodecRunner());
  // One tenant's round (the job runs every tenant's; other test files' tenants share the database).
  const evaluate = (deps: AlertDeps, now: Date) => evaluateTenantAlerts(database.db, team.tenant.id, deps, now);
  return { team, admin, deviceId, read, evaluate, viewer: callerFor(database.db, team.viewer.id, team.tenant.slug) };
}

describe("alerts", () => {
  it("fire once per episode (portal, email, forwarders), clear when the condition ends, and fire again when it returns", async () => {
    const { team, admin, deviceId, read, viewer, evaluate } = await binTeam();
    const forwarder = await createForwarder(database.db, team.tenant.id, { eventKinds: ["alert"] });
    const rule = await admin.alerts.createRule({ kind: "field", name: "Bin full", deviceId, field: "fillPercent", comparison: "above", threshold: 80 });
    const mail = captureMail();
    const deps = { mailer: mail, appUrl: "https://iot.example.gov.uk" };
    const now = Date.now();

    await read(90, new Date(now - 10 * MINUTE));
    expect(await evaluate(deps, new Date(now))).toMatchObject({ fired: 1, cleared: 0, emailed: 1 });
    // Evaluated again with the condition still holding: nothing new.
    expect(await evaluate(deps, new Date(now + MINUTE))).toMatchObject({ fired: 0, cleared: 0, emailed: 0 });
    expect(mail.sent).toHaveLength(1);
    expect(mail.sent[0]).toMatchObject({ to: team.tenant.contactEmail, subject: `${team.tenant.name}: Bin full` });
    expect(mail.sent[0]!.text).toContain("Bin 7: fillPercent is 90, above 80.");
    expect(mail.sent[0]!.text).toContain(`https://iot.example.gov.uk/t/${team.tenant.slug}/alerts`);
    const active = await viewer.alerts.episodes({ status: "active", page: 1, pageSize: 20 });
    expect(active).toMatchObject({ total: 1, active: 1 });
    expect(active.rows[0]).toMatchObject({ ruleId: rule.id, ruleName: "Bin full", deviceName: "Bin 7", value: 90, clearedAt: null });

    // Emptied: the condition ends, the alert clears, and the tenant is told so.
    await read(3, new Date(now + 2 * MINUTE));
    expect(await evaluate(deps, new Date(now + 3 * MINUTE))).toMatchObject({ fired: 0, cleared: 1, emailed: 1 });
    expect((await viewer.alerts.episodes({ status: "active", page: 1, pageSize: 20 })).total).toBe(0);
    expect(mail.sent).toHaveLength(2);
    expect(mail.sent[1]).toMatchObject({ to: team.tenant.contactEmail, subject: `${team.tenant.name}: resolved: Bin full` });
    expect(mail.sent[1]!.text).toContain("- Bin full: Bin 7: fillPercent is 90, above 80. In force from");
    expect(await evaluate(deps, new Date(now + 3.5 * MINUTE))).toMatchObject({ fired: 0, cleared: 0, emailed: 0 });

    // Full again: a new episode fires.
    await read(95, new Date(now + 4 * MINUTE));
    expect(await evaluate(deps, new Date(now + 5 * MINUTE))).toMatchObject({ fired: 1, cleared: 0, emailed: 1 });
    const all = await viewer.alerts.episodes({ status: "all", page: 1, pageSize: 20 });
    expect(all.rows.map((e) => [e.value, e.clearedAt === null])).toEqual([[95, true], [90, false]]);

    // Each firing and clearing went to the endpoint that takes alerts, once.
    expect((await deliveriesOf(database.db, forwarder.id)).map((d) => d.alertState)).toEqual(["fired", "cleared", "fired"]);
    const claimed = (await claimDeliveries(database.db, { limit: 32, now: new Date(now + 6 * MINUTE) })).filter((d) => d.forwarder.id === forwarder.id);
    const bodies = claimed.map(forwardedEventOf);
    expect(bodies[0]).toMatchObject({ kind: "alert", device: { id: deviceId, name: "Bin 7" }, alert: { state: "fired", rule: { id: rule.id, name: "Bin full", kind: "field" }, value: 90, clearedAt: null } });
    expect(bodies[1]).toMatchObject({ kind: "alert", alert: { state: "cleared", value: 90 } });
  });

  it("watch silence and batteries; a disabled rule's alerts clear", async () => {
    const { admin, read, viewer, evaluate } = await binTeam();
    const mail = captureMail();
    const deps = { mailer: mail, appUrl: "http://localhost:3000" };
    const now = Date.now();
    await read(40, new Date(now - 8 * 60 * MINUTE), 3100); // 15 % battery, 8 hours ago
    const silent = await admin.alerts.createRule({ kind: "silent", name: "Quiet sensor", silentHours: 6 });
    await admin.alerts.createRule({ kind: "battery", name: "Battery low", batteryBelowPercent: 20 });
    expect(await evaluate(deps, new Date(now))).toMatchObject({ fired: 2, emailed: 2 });
    expect(mail.sent.at(-1)!.subject).toContain("2 new alerts");
    await admin.alerts.updateRule({ ruleId: silent.id, kind: "silent", name: "Quiet sensor", silentHours: 6, enabled: false });
    expect(await evaluate(deps, new Date(now + MINUTE))).toMatchObject({ fired: 0, cleared: 1 });
    expect((await viewer.alerts.episodes({ status: "active", page: 1, pageSize: 20 })).rows.map((e) => e.ruleName)).toEqual(["Battery low"]);
  });

  it("keep an alert the mail server refused, and email it next round", async () => {
    const { admin, read, evaluate } = await binTeam();
    const now = Date.now();
    await read(85, new Date(now - MINUTE));
    await admin.alerts.createRule({ kind: "field", name: "Bin full", field: "fillPercent", comparison: "above", threshold: 80 });
    const failing = { send: async () => { throw new Error("SMTP 451"); } };
    const logged: string[] = [];
    expect(await evaluate({ mailer: failing, appUrl: "http://x", log: (l) => logged.push(l) }, new Date(now))).toMatchObject({ fired: 1, emailed: 0 });
    expect(logged.join()).toContain("SMTP 451");
    const mail = captureMail();
    expect(await evaluate({ mailer: mail, appUrl: "http://x" }, new Date(now + MINUTE))).toMatchObject({ fired: 0, emailed: 1 });
  });

  it("are emailed only once stored (after their round's transaction commits), and a clearing only for an alert that was emailed", async () => {
    const { team, admin, read, evaluate } = await binTeam();
    const now = Date.now();
    await read(85, new Date(now - MINUTE));
    await admin.alerts.createRule({ kind: "field", name: "Bin full", field: "fillPercent", comparison: "above", threshold: 80 });
    // What another connection sees of the tenant's alerts when each email goes.
    const seenWhenSent: number[][] = [];
    const mail = captureMail();
    const watching = {
      async send(message: Parameters<typeof mail.send>[0]) {
        const episodes = await withTenant(database.db, { tenantId: team.tenant.id }, (tx) => tx.select().from(alertEpisodes).where(eq(alertEpisodes.tenantId, team.tenant.id)));
        seenWhenSent.push(episodes.map((e) => e.id));
        await mail.send(message);
      },
    };
    expect(await evaluate({ mailer: watching, appUrl: "http://x" }, new Date(now))).toMatchObject({ fired: 1, emailed: 1 });
    expect(seenWhenSent).toEqual([[expect.any(Number)]]);

    // Fired while the mail server refused, then cleared before it took mail: nothing to resolve.
    const refusing = { send: async () => { throw new Error("SMTP 451"); } };
    await read(95, new Date(now + MINUTE));
    await admin.alerts.createRule({ kind: "field", name: "Bin very full", field: "fillPercent", comparison: "above", threshold: 90 });
    expect(await evaluate({ mailer: refusing, appUrl: "http://x", log: () => {} }, new Date(now + 2 * MINUTE))).toMatchObject({ fired: 1, emailed: 0 });
    await read(50, new Date(now + 3 * MINUTE));
    expect(await evaluate({ mailer: watching, appUrl: "http://x" }, new Date(now + 4 * MINUTE))).toMatchObject({ cleared: 2, emailed: 1 });
    expect(mail.sent.at(-1)).toMatchObject({ subject: `${team.tenant.name}: resolved: Bin full` });
    expect(mail.sent.at(-1)!.text).not.toContain("Bin very full");
  });

  it("are evaluated by the job for every active tenant with rules, and not for a suspended one", async () => {
    const active = await binTeam();
    const suspended = await binTeam();
    for (const { admin, read } of [active, suspended]) {
      await read(99, new Date());
      await admin.alerts.createRule({ kind: "field", name: "Bin full", field: "fillPercent", comparison: "above", threshold: 80 });
    }
    await withPlatform(database.db, (tx) => tx.update(tenants).set({ status: "suspended" }).where(eq(tenants.id, suspended.team.tenant.id)));
    const mail = captureMail();
    await evaluateAlerts(database.db, { mailer: mail, appUrl: "http://x" });
    expect(mail.sent.filter((m) => m.to === active.team.tenant.contactEmail)).toHaveLength(1);
    expect(mail.sent.filter((m) => m.to === suspended.team.tenant.contactEmail)).toEqual([]);
  });
});
