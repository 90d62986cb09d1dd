import { normaliseHexIdentifier } from "./hex-identifier";

export interface ChirpstackTopic {
  applicationId: string;
  /** 16 lowercase hex. */
  devEui: string;
  /** Not checked here; normalizeChirpstackEvent rejects types it does not know. */
  eventType: string;
}

// ChirpStack's default MQTT integration topic: application/{id}/device/{devEui}/event/{type}.
const DEVICE_EVENT_TOPIC = /^application\/([^/]+)\/device\/([^/]+)\/event\/([^/]+)$/;

/** Splits a ChirpStack device event topic; null for any other topic (gateway, command, malformed). */
export function parseChirpstackTopic(topic: string): ChirpstackTopic | null {
  const [, applicationId, devEuiText, eventType] = DEVICE_EVENT_TOPIC.exec(topic) ?? [];
  if (applicationId === undefined || devEuiText === undefined || eventType === undefined) return null;
  const devEui = normaliseHexIdentifier(devEuiText, 8);
  return devEui === null ? null : { applicationId, devEui, eventType };
}
