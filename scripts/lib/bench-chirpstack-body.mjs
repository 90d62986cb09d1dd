/**
 * The ChirpStack `up` event bench:ingest and bench:mqtt send as event `i` of a run: device i mod the
 * fleet, one to three of four gateways, spreading factors 7–10, a 5-byte payload. The same (i, prefix)
 * always gives the same event, so the SQL floor can write exactly the events ingestion stored.
 */
const gateways = ["0016c001f1500a01", "0016c001f1500a02", "0016c001f1500a03", "0016c001f1500a04"];
const payload = Buffer.from([42, 0x0e, 0x1c, 0x00, 0x7b]).toString("base64");

export function chirpstackBody(i, devEuis, prefix, time = new Date().toISOString()) {
  const devEui = devEuis[i % devEuis.length];
  const sf = 7 + (i % 4);
  const heard = 1 + (i % 3);
  const rxInfo = [];
  for (let g = 0; g < heard; g++) rxInfo.push({ gatewayId: gateways[(i + g) % 4], uplinkId: i & 0xffff, rssi: -80 - g * 9 - (i % 20), snr: 7.5 - g * 3, channel: i % 8, rfChain: 0, location: { latitude: 53.19, longitude: -2.89 }, context: "EFwMtA==", metadata: { region_config_id: "eu868", region_common_name: "EU868" }, crcStatus: "CRC_OK" });
  return JSON.stringify({
    deduplicationId: prefix + i,
    time,
    deviceInfo: { tenantId: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242", tenantName: "Council", applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97", applicationName: "bench", deviceProfileId: "14855bf7-d10d-4aee-b618-ebfcb64dc7ad", deviceProfileName: "EU868 class A", deviceName: "sensor", devEui, deviceClassEnabled: "CLASS_A", tags: {} },
    devAddr: "260b" + (i % 65536).toString(16).padStart(4, "0"), adr: true, dr: 12 - sf, fCnt: Math.floor(i / devEuis.length), fPort: 2, confirmed: false, data: payload, rxInfo,
    txInfo: { frequency: 868100000 + (i % 3) * 200000, modulation: { lora: { bandwidth: 125000, spreadingFactor: sf, codeRate: "CR_4_5" } } },
  });
}
