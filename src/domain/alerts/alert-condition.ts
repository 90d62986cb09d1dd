import type { AlertRule } from "./alert-rule";

/** What the rollups say about one device, for checking it against a tenant's rules. */
export interface DeviceFacts {
  deviceId: string;
  name: string;
  /** When the device was last heard; for a device never heard, when it was registered. */
  lastHeardAt: Date;
  batteryPercent: number | null;
  /** Latest numeric values by field. */
  values: ReadonlyMap<string, number>;
}

export interface Breach { deviceId: string; value: number; message: string }

const HOUR_MS = 3_600_000;
const number = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 2 });

/** Whether the rule's condition holds for the device now, and what was seen; null when it does not. */
export function breachOf(rule: AlertRule, device: DeviceFacts, now: Date): Breach | null {
  if (rule.deviceId !== null && rule.deviceId !== device.deviceId) return null;
  switch (rule.kind) {
    case "silent": {
      const hours = (now.getTime() - device.lastHeardAt.getTime()) / HOUR_MS;
      return hours >= rule.silentHours ? { deviceId: device.deviceId, value: Math.floor(hours), message: `${device.name} has not been heard for ${Math.floor(hours)} hours.` } : null;
    }
    case "battery": {
      const level = device.batteryPercent;
      return level !== null && level < rule.batteryBelowPercent ? { deviceId: device.deviceId, value: level, message: `${device.name}'s battery is at ${number.format(level)} %.` } : null;
    }
    case "field": {
      const value = device.values.get(rule.field);
      if (value === undefined) return null;
      const holds = rule.comparison === "above" ? value > rule.threshold : value < rule.threshold;
      return holds ? { deviceId: device.deviceId, value, message: `${device.name}: ${rule.field} is ${number.format(value)}, ${rule.comparison} ${number.format(rule.threshold)}.` } : null;
    }
  }
}
