/**
 * bench:ingest's HTTP floor: the least an HTTP server can do per ingestion request — read the body,
 * JSON.parse it, answer 200 with a small JSON body — on node:http with node:cluster, as many processes
 * as the ingestion server and the same V8 flags (see the npm script). What ingestion costs beyond this
 * is its own work (authentication, validation, batching, storing).
 *
 *   node --max-semi-space-size=64 scripts/lib/bench-http-floor.mjs   (FLOOR_PORT, FLOOR_PROCESSES)
 */
import cluster from "node:cluster";
import { createServer } from "node:http";

const port = Number(process.env.FLOOR_PORT);
const processes = Number(process.env.FLOOR_PROCESSES || 1);

if (cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < processes; i++) cluster.fork();
  cluster.on("listening", () => ++listening === processes && console.log(`http floor: listening on ${port} (${processes} processes)`));
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(chunks.length === 1 ? chunks[0].toString("utf8") : Buffer.concat(chunks).toString("utf8"));
      const answer = JSON.stringify({ status: "stored", dedupKey: body.deduplicationId });
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(port, "127.0.0.1");
}
