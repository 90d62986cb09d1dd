import { randomInt } from "node:crypto";
import { sharedCodecRunner } from "@/domain/codecs";
import type { Database } from "@/server/db/client";
import { OutageLog } from "@/server/db/database-unavailable";
import { ConnectionCache } from "./connection-cache";
import { decodeWith } from "./decode-uplinks";
import { IngestBatcher, type BatcherOptions } from "./ingest-batcher";
import type { IngestDeps } from "./http-ingest";
import { ConnectionRateLimiter } from "./rate-limiter";
import { LastSeenThrottle } from "./last-seen-throttle";
import { GATEWAY_COUNTER_SHARDS, storeEvents } from "./store-events";
import { clockPolicyFromEnvironment } from "./clock-policy-setting";
import { GATEWAY_DEVICE_REFRESH_MS } from "./readings-rollup";
import type { ClockPolicy } from "@/domain/lorawan";

/**
 * Everything ingestion needs, wired once per process (web process or worker). The clock policy comes
 * from CLOCK_SKEW_MAX_LATE_HOURS unless given.
 */
export function createIngestion(db: Database, options: BatcherOptions & { clockPolicy?: ClockPolicy } = {}): IngestDeps {
  const decode = decodeWith(sharedCodecRunner());
  const lastSeen = new LastSeenThrottle();
  // One key per device and gateway that heard it: room for a large network's pairs.
  const heard = new LastSeenThrottle(GATEWAY_DEVICE_REFRESH_MS, 250_000);
  // Each process starts its lanes at a random gateway-counter shard, so processes rarely share one either.
  const firstShard = randomInt(GATEWAY_COUNTER_SHARDS);
  return {
    clockPolicy: options.clockPolicy ?? clockPolicyFromEnvironment(),
    connections: new ConnectionCache(db),
    limiter: new ConnectionRateLimiter(),
    batcher: new IngestBatcher((items, lane) => storeEvents(db, items, { decode, lastSeen, heard, shard: firstShard + lane }), options),
    outage: new OutageLog("ingestion", "answering 503 (retry later) until it is back"),
  };
}
