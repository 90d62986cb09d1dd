/**
 * One device's usage over a billing period: the rating engine's input, summed from the hourly metering
 * rollups by the database (server/billing/tenant-usage.ts).
 */
export interface DeviceUsage {
  deviceId: string;
  devEui: string;
  name: string;
  uplinks: number;
  credits: number;
  payloadBytes: number;
  /** Hours in which the device sent at least one uplink. */
  activeHours: number;
}
