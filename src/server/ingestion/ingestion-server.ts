import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleIngest, MAX_INGEST_BODY_BYTES, type IngestDeps, type IngestFormat, type IngestReply } from "./http-ingest";

const ROUTES = new Map<string, IngestFormat>([["/api/ingest/chirpstack", "chirpstack"], ["/api/ingest/tts", "tts"]]);

/**
 * The dedicated ingestion server: the same endpoints and answers as the web app's /api/ingest routes,
 * on plain node:http. Network servers send one small request per event, and at that rate the Web
 * Request/Response machinery of a full web framework costs more CPU than storing the event; a reverse
 * proxy sends /api/ingest/* here, and as many of these processes as needed share only the database.
 */
export function createIngestionServer(deps: IngestDeps): Server {
  const server = createServer((req, res) => {
    void route(req, res, deps).catch((error: unknown) => {
      console.error("ingestion server: request failed", error);
      if (!res.headersSent) send(req, res, { status: 500, body: { error: "Internal error; retry later." } });
      else res.destroy();
    });
  });
  // Network servers keep connections open between events; outlive their idle timeouts.
  server.keepAliveTimeout = 65_000;
  return server;
}

async function route(req: IncomingMessage, res: ServerResponse, deps: IngestDeps) {
  const query = req.url!.indexOf("?");
  const path = query === -1 ? req.url! : req.url!.slice(0, query);
  if (path === "/healthz") return send(req, res, { status: 200, body: { ok: true } });
  const format = ROUTES.get(path);
  if (!format) return send(req, res, { status: 404, body: { error: `No ingestion endpoint at ${path}; use /api/ingest/chirpstack or /api/ingest/tts.` } });
  if (req.method !== "POST") return send(req, res, { status: 405, body: { error: "Send events with POST." }, headers: { Allow: "POST" } });
  const reply = await handleIngest(
    {
      authorization: header(req, "authorization"),
      contentType: header(req, "content-type"),
      eventType: query === -1 ? null : new URLSearchParams(req.url!.slice(query + 1)).get("event"),
      readBody: (limit) => readBody(req, limit),
    },
    format,
    deps,
  );
  send(req, res, reply);
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === "string" ? value : null;
};

function send(req: IncomingMessage, res: ServerResponse, reply: IngestReply) {
  // Answered before the body arrived (refused, or too large): node would read the rest to keep the
  // connection, and a sender could make us read any amount. A small declared body is read and the
  // connection kept, so a throttled network server need not reconnect for every retry.
  if (!req.complete && !(Number(req.headers["content-length"]) <= MAX_INGEST_BODY_BYTES)) res.shouldKeepAlive = false;
  const body = JSON.stringify(reply.body);
  res.writeHead(reply.status, { ...reply.headers, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

/** The body as text, or null (and the rest left unread) once it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return chunks.push(chunk);
      req.off("data", onData).pause();
      resolve(null);
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
