import type { IngestDeps } from "./http-ingest";
import { createIngestion } from "./ingestion-service";
import { getDatabase } from "@/server/db";

const cache = globalThis as unknown as { longreachIngestion?: Promise<IngestDeps> };

/** The web process's ingestion pipeline (one batcher per process, shared by both ingestion routes). */
export function getIngestion(): Promise<IngestDeps> {
  cache.longreachIngestion ??= getDatabase().then((db) => createIngestion(db));
  return cache.longreachIngestion;
}
