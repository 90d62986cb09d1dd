import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../../test/database";
import { ingestUplinks, randomAesKey, randomEui } from "../../../test/device-fixtures";
import { callerFor, createTenantWithTeam } from "../../../test/factories";
import { EXAMPLE_CODECS, encodeBinFillLevel, sharedCodecRunner } from "@/domain/codecs";
import { markedCollections } from "./bin-collections";

const database = useTestDatabase();
afterAll(() => sharedCodecRunner().close());

const payload = (fillPercent: number) => Buffer.from(encodeBinFillLevel({ fillPercent, batteryMillivolts: 3500, temperatureC: 11 })).toString("base64");

describe("the bins marked collected, as the traffic simulator reads them", () => {
  it("are the bins whose fill cycle a collection began, with when, until the sensor sees an emptying itself", async () => {
    const team = await createTenantWithTeam(database.db);
    const admin = callerFor(database.db, team.admin.id, team.tenant.slug);
    const { id: profileId } = await admin.deviceProfiles.create({ name: "Bins", region: "EU868", macVersion: "1.0.3", deviceClass: "A", codecSource: EXAMPLE_CODECS.binFillLevel.source });
    const [marked, untouched, unknown] = [randomEui(), randomEui(), randomEui()];
    const ids: Record<string, string> = {};
    const now = Date.now();
    for (const devEui of [marked, untouched]) {
      ids[devEui] = (await admin.devices.register({ name: `Bin ${devEui}`, devEui, activation: "otaa", joinEui: randomEui(), appKey: randomAesKey(), profileId })).id;
      await ingestUplinks(database.db, devEui, [{ fCnt: 1, data: payload(90), time: new Date(now - 3_600_000).toISOString() }], sharedCodecRunner());
    }
    expect(await markedCollections(database.db, [marked, untouched, unknown])).toEqual(new Map());

    await admin.waste.markCollected({ deviceIds: [ids[marked]!] });
    const collections = await markedCollections(database.db, [marked, untouched, unknown]);
    expect([...collections.keys()]).toEqual([marked]);
    expect(Math.abs(collections.get(marked)!.getTime() - Date.now())).toBeLessThan(60_000);

    // The next low reading carries on the collection's cycle: still marked.
    await ingestUplinks(database.db, marked, [{ fCnt: 2, data: payload(5), time: new Date(now + 60_000).toISOString() }], sharedCodecRunner());
    expect([...(await markedCollections(database.db, [marked])).keys()]).toEqual([marked]);
    // Filled again, then emptied on the round (a reading far below the last): the sensor's own cycle.
    await ingestUplinks(database.db, marked, [{ fCnt: 3, data: payload(70), time: new Date(now + 120_000).toISOString() }, { fCnt: 4, data: payload(3), time: new Date(now + 180_000).toISOString() }], sharedCodecRunner());
    expect(await markedCollections(database.db, [marked])).toEqual(new Map());
  });
});
