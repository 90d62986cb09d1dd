import { sharedCodecRunner } from "@/domain/codecs";
import type { Database } from "@/server/db/client";
import { ConnectionCache } from "./connection-cache";
import { decodeWith } from "./decode-uplinks";
import { IngestBatcher, type BatcherOptions } from "./ingest-batcher";
import type { IngestDeps } from "./http-ingest";
import { ConnectionRateLimiter } from "./rate-limiter";
import { storeEvents } from "./store-events";

/** Everything ingestion needs, wired once per process (web process or worker). */
export function createIngestion(db: Database, options: BatcherOptions = {}): IngestDeps {
  const decode = decodeWith(sharedCodecRunner());
  return {
    connections: new ConnectionCache(db),
    limiter: new ConnectionRateLimiter(),
    batcher: new IngestBatcher((items) => storeEvents(db, items, decode), options),
  };
}
