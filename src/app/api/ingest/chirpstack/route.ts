import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { getIngestion } from "@/server/ingestion/web-ingestion";

/** ChirpStack v4 HTTP integration (JSON marshaler): POST /api/ingest/chirpstack?event=up|join|status|ack|txack|log|location */
export async function POST(req: Request) {
  return ingestHttpEvent(req, "chirpstack", await getIngestion());
}
