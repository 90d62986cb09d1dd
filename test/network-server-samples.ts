import { randomUUID } from "node:crypto";

/**
 * Realistic network-server event bodies, written from the ChirpStack v4 and The Things Stack v3
 * documentation (not produced by our own code), with the ids a test needs to vary.
 */
export function chirpstackUp(opts: {
  devEui: string; fCnt?: number; data?: string; time?: string; deduplicationId?: string; gateways?: string[]; spreadingFactor?: number;
  /** Where every receiving gateway says it is (default Cardiff); null leaves the location out. */
  gatewayLocation?: { latitude: number; longitude: number } | null;
}) {
  return {
    deduplicationId: opts.deduplicationId ?? randomUUID(),
    time: opts.time ?? new Date().toISOString(),
    deviceInfo: {
      tenantId: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242",
      tenantName: "ChirpStack",
      applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97",
      applicationName: "council-sensors",
      deviceProfileId: "14855bf7-d10d-4aee-b618-ebfcb64dc7ad",
      deviceProfileName: "EU868 class A",
      deviceName: "sensor",
      devEui: opts.devEui,
      deviceClassEnabled: "CLASS_A",
      tags: {},
    },
    devAddr: "00189440",
    adr: true,
    dr: 5,
    fCnt: opts.fCnt ?? 10,
    fPort: 1,
    confirmed: false,
    data: opts.data ?? "AQIDBAUGBwgJCg==",
    rxInfo: (opts.gateways ?? ["0016c001ff10a235"]).map((gatewayId, i) => ({
      gatewayId,
      uplinkId: 4217 + i,
      rssi: -60 - i * 10,
      snr: 9.5 - i,
      channel: 2,
      ...(opts.gatewayLocation === null ? {} : { location: opts.gatewayLocation ?? { latitude: 51.4816, longitude: -3.1791 } }),
      context: "EFwMtA==",
      metadata: { region_config_id: "eu868", region_common_name: "EU868" },
      crcStatus: "CRC_OK",
    })),
    txInfo: { frequency: 868500000, modulation: { lora: { bandwidth: 125000, spreadingFactor: opts.spreadingFactor ?? 7, codeRate: "CR_4_5" } } },
  };
}

export function ttsUplink(opts: { devEui: string; fCnt?: number; correlationId?: string; payload?: string; receivedAt?: string }) {
  const upId = opts.correlationId ?? `as:up:01J${randomUUID().replace(/-/g, "").slice(0, 23).toUpperCase()}`;
  return {
    end_device_ids: {
      device_id: "temp-sensor-1",
      application_ids: { application_id: "riverside-cafe" },
      dev_eui: opts.devEui.toUpperCase(),
      join_eui: "0000000000000000",
      dev_addr: "260B1A2B",
    },
    correlation_ids: [upId, "gs:uplink:01JABCDEFGHJKMNPQRSTVWXYZ0"],
    received_at: new Date().toISOString(),
    uplink_message: {
      session_key_id: "AYZ3kqLxV0q8rV3Wq4wZ6g==",
      f_port: 2,
      f_cnt: opts.fCnt ?? 42,
      frm_payload: opts.payload ?? "CJgfGA==",
      rx_metadata: [
        { gateway_ids: { gateway_id: "council-hall-roof", eui: "B827EBFFFE8B1C2D" }, time: new Date().toISOString(), rssi: -97, channel_rssi: -97, snr: 6.25, uplink_token: "ChsKGQ==", received_at: new Date().toISOString() },
      ],
      settings: { data_rate: { lora: { bandwidth: 125000, spreading_factor: 9, coding_rate: "4/5" } }, frequency: "867100000", timestamp: 1791462412 },
      received_at: opts.receivedAt ?? new Date().toISOString(),
      consumed_airtime: "0.185344s",
      network_ids: { net_id: "000013", tenant_id: "council", cluster_id: "eu1" },
    },
  };
}
