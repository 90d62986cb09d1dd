import { ingestHttpEvent } from "@/server/ingestion/web-request-ingest";
import { getIngestion } from "@/server/ingestion/web-ingestion";

/** The Things Stack webhook (JSON format): every message type may be sent to this one path. */
export async function POST(req: Request) {
  return ingestHttpEvent(req, "tts", await getIngestion());
}
