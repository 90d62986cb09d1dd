/**
 * bench:ingest's load generator, run as a worker thread: keeps `inFlight` keep-alive connections busy,
 * one request at a time each (as a network server does), posting ChirpStack `up` events. It speaks
 * HTTP/1.1 over plain sockets, like wrk or autocannon, because node's HTTP client would cost as much
 * CPU as the server it measures, on the same cores.
 */
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { chirpstackBody } from "./bench-chirpstack-body.mjs";
const { port, secret, count, inFlight, devEuis, prefix } = workerData;
const head = "POST /api/ingest/chirpstack?event=up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer " + secret + "\r\nContent-Length: ";
const HEADER_END = Buffer.from("\r\n\r\n");

/** One keep-alive connection: sends a request, reads its whole response, then the next. */
function connection() {
  const socket = net.connect(port, "127.0.0.1");
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let waiting = null;
  socket.on("data", (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    const end = buffer.indexOf(HEADER_END);
    if (end === -1 || !waiting) return;
    const headers = buffer.toString("latin1", 0, end);
    const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return;
    const done = waiting;
    waiting = null;
    const status = Number(headers.slice(9, 12));
    const text = status === 201 || status === 200 ? "" : buffer.toString("utf8", end + 4, end + 4 + length);
    buffer = buffer.subarray(end + 4 + length);
    done({ status, text });
  });
  socket.on("error", (error) => waiting && waiting({ status: 0, text: error.message }));
  socket.on("close", () => waiting && waiting({ status: 0, text: "connection closed" }));
  return {
    send(data) {
      return new Promise((resolve) => {
        waiting = resolve;
        socket.write(head + Buffer.byteLength(data) + "\r\n\r\n" + data);
      });
    },
    close: () => socket.end(),
  };
}
async function main() {
  const statuses = {};
  const latencies = new Float64Array(count);
  let next = 0, firstError = null;
  const started = performance.now();
  async function lane() {
    const conn = connection();
    while (next < count) {
      const i = next++;
      const sent = performance.now();
      const r = await conn.send(chirpstackBody(i, devEuis, prefix));
      latencies[i] = performance.now() - sent;
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      if (r.status !== 201 && r.status !== 200 && !firstError) firstError = r.status + " " + r.text;
    }
    conn.close();
  }
  await Promise.all(Array.from({ length: inFlight }, lane));
  const elapsedMs = performance.now() - started;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const pick = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  parentPort.postMessage({ elapsedMs, statuses, firstError, p50: pick(50), p99: pick(99) });
}

await main();
