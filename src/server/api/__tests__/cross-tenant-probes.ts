import { randomEui, type createNetworkFixtures } from "../../../../test/device-fixtures";
import type { createTenantWithTeam } from "../../../../test/factories";

export interface VictimTenant {
  team: Awaited<ReturnType<typeof createTenantWithTeam>>;
  invitationId: string;
  network: Awaited<ReturnType<typeof createNetworkFixtures>>;
  invoiceId: string;
  /** B's forwarder, with one failed delivery (so resending it would change something). */
  forwarderId: string;
  deliveryId: number;
  /** B's API key, still working (so revoking it would change something). */
  apiKey: { id: string; publicId: string };
  /** B's alert rule, with an open alert. */
  alertRuleId: string;
}

const KEY = "2b7e151628aed2a6abf7158809cf4f3c";
const importCsv = (v: VictimTenant) => `name,dev_eui,activation,join_eui,app_key,profile\nProbe,${v.network.devEui},otaa,70b3d57ed0000000,${KEY},${v.network.profileName}\n`;
const profileFields = { name: "Probe profile", region: "EU868", macVersion: "1.0.3", deviceClass: "A" };

/** Devices, profiles and traffic: B's device, profile and DevEUI in every field that takes one. */
const deviceProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "devices.list": (v) => ({ search: v.network.devEui, page: 1, pageSize: 20 }),
  "devices.summary": () => undefined,
  "devices.get": (v) => ({ deviceId: v.network.deviceId }),
  "devices.register": (v) => ({ name: "Probe", devEui: randomEui(), activation: "otaa", joinEui: "70b3d57ed0000000", appKey: KEY, profileId: v.network.profileId }),
  "devices.update": (v) => ({ deviceId: v.network.deviceId, name: "pwned", profileId: v.network.profileId }),
  "devices.delete": (v) => ({ deviceId: v.network.deviceId }),
  "devices.revealKeys": (v) => ({ deviceId: v.network.deviceId }),
  "devices.previewImport": (v) => ({ csv: importCsv(v) }),
  "devices.importDevices": (v) => ({ csv: importCsv(v), mode: "valid_rows" }),
  "deviceProfiles.list": () => undefined,
  "deviceProfiles.create": () => profileFields,
  "deviceProfiles.update": (v) => ({ ...profileFields, profileId: v.network.profileId, name: "pwned" }),
  "deviceProfiles.delete": (v) => ({ profileId: v.network.profileId }),
  "deviceProfiles.testDecode": () => ({ codecSource: "function decodeUplink(input) { return { data: { n: input.bytes.length } }; }", payloadHex: "0102", fPort: 1 }),
  "deviceData.history": (v) => ({ deviceId: v.network.deviceId }),
  "deviceData.live": (v) => ({ deviceId: v.network.deviceId, afterId: 0 }),
  "deviceData.recent": () => undefined,
  "deviceData.usage": (v) => ({ deviceId: v.network.deviceId, window: "7d" }),
  "deviceSync.states": (v) => ({ deviceIds: [v.network.deviceId] }),
  "deviceSync.retry": (v) => ({ deviceId: v.network.deviceId }),
  "devices.map": () => undefined,
  "readings.latest": (v) => ({ deviceId: v.network.deviceId }),
  "readings.fields": () => undefined,
  "readings.history": (v) => ({ deviceId: v.network.deviceId, field: "fillPercent", window: "30d" }),
};

/** Waste dashboard: B's bin (it has a fill level, so marking it collected would change something). */
const wasteProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "waste.dashboard": (v) => ({ search: v.network.devEui, page: 1, pageSize: 20 }),
  "waste.map": () => undefined,
  "waste.collectionList": () => undefined,
  "waste.collectionCsv": () => undefined,
  "waste.settings": () => undefined,
  "waste.updateSettings": () => ({ thresholdPercent: 50, roundIntervalHours: 24, silentAfterHours: 12 }),
  "waste.markCollected": (v) => ({ deviceIds: [v.network.deviceId] }),
};

/** Alerts: B's rule and device in every field that takes one. */
const alertProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "alerts.rules": () => undefined,
  "alerts.createRule": (v) => ({ kind: "battery", name: "Probe", deviceId: v.network.deviceId, batteryBelowPercent: 20 }),
  "alerts.updateRule": (v) => ({ ruleId: v.alertRuleId, kind: "silent", name: "pwned", deviceId: null, silentHours: 1, enabled: false }),
  "alerts.deleteRule": (v) => ({ ruleId: v.alertRuleId }),
  "alerts.episodes": () => ({ status: "all", page: 1, pageSize: 20 }),
};

/** Webhooks: B's forwarder and delivery in every field that takes one. */
const forwarderProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "forwarders.list": () => undefined,
  "forwarders.get": (v) => ({ forwarderId: v.forwarderId }),
  "forwarders.deliveries": (v) => ({ forwarderId: v.forwarderId, status: "failed", page: 1, pageSize: 20 }),
  "forwarders.create": () => ({ name: "Probe", url: "https://receiver.example.org/probe", eventKinds: ["uplink"] }),
  "forwarders.update": (v) => ({ forwarderId: v.forwarderId, name: "pwned", url: "https://attacker.example.org/", enabled: false }),
  "forwarders.rotateSecret": (v) => ({ forwarderId: v.forwarderId }),
  "forwarders.delete": (v) => ({ forwarderId: v.forwarderId }),
  "forwarders.sendTest": (v) => ({ forwarderId: v.forwarderId }),
  "forwarders.resend": (v) => ({ forwarderId: v.forwarderId, deliveryId: v.deliveryId }),
  "forwarders.resendAllFailed": (v) => ({ forwarderId: v.forwarderId }),
};

/** REST API keys: B's key in every field that takes one. */
const apiKeyProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "apiKeys.list": () => undefined,
  "apiKeys.create": () => ({ name: "Probe" }),
  "apiKeys.revoke": (v) => ({ apiKeyId: v.apiKey.id }),
};

/**
 * For every tenant procedure: the input an attacker in tenant A would send to reach tenant B's data
 * (B's ids in every id field). The isolation suite fails for any tenant procedure missing here, so a
 * new procedure cannot ship without a cross-tenant check.
 */
export const crossTenantProbes: Record<string, (victim: VictimTenant) => unknown> = {
  "workspace.current": () => undefined,
  "team.members": () => undefined,
  "team.invitations": () => undefined,
  "team.invite": (v) => ({ email: v.team.viewer.email, role: "viewer" }),
  "team.changeRole": (v) => ({ userId: v.team.member.id, role: "admin" }),
  "team.remove": (v) => ({ userId: v.team.member.id }),
  "team.revokeInvitation": (v) => ({ invitationId: v.invitationId }),
  "billing.overview": () => undefined,
  "billing.invoices": () => ({ page: 1, pageSize: 20 }),
  "billing.invoice": (v) => ({ invoiceId: v.invoiceId }),
  "billing.setBudget": () => ({ capPence: 100 }),
  "billing.startCheckout": () => undefined,
  "billing.openPortal": () => undefined,
  ...deviceProbes,
  ...wasteProbes,
  ...alertProbes,
  ...forwarderProbes,
  ...apiKeyProbes,
};
