/**
 * bench:ingest's load generator, run as a worker thread: keeps `inFlight` keep-alive connections busy,
 * one request at a time each (as a network server does), posting ChirpStack `up` events. It speaks
 * HTTP/1.1 over plain sockets, like wrk or autocannon, because node's HTTP client would cost as much
 * CPU as the server it measures, on the same cores.
 */
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
const { port, secret, count, inFlight, devEuis, prefix } = workerData;
const gateways = ["0016c001f1500a01", "0016c001f1500a02", "0016c001f1500a03", "0016c001f1500a04"];
const payload = Buffer.from([42, 0x0e, 0x1c, 0x00, 0x7b]).toString("base64");
function body(i) {
  const devEui = devEuis[i % devEuis.length];
  const sf = 7 + (i % 4);
  const heard = 1 + (i % 3);
  const rxInfo = [];
  for (let g = 0; g < heard; g++) rxInfo.push({ gatewayId: gateways[(i + g) % 4], uplinkId: i & 0xffff, rssi: -80 - g * 9 - (i % 20), snr: 7.5 - g * 3, channel: i % 8, rfChain: 0, location: { latitude: 53.19, longitude: -2.89 }, context: "EFwMtA==", metadata: { region_config_id: "eu868", region_common_name: "EU868" }, crcStatus: "CRC_OK" });
  return JSON.stringify({
    deduplicationId: prefix + i,
    time: new Date().toISOString(),
    deviceInfo: { tenantId: "52f14cd4-c6f1-4fbd-8f87-4025e1d49242", tenantName: "Council", applicationId: "17c82e96-be03-4f38-aef3-f83d48582d97", applicationName: "bench", deviceProfileId: "14855bf7-d10d-4aee-b618-ebfcb64dc7ad", deviceProfileName: "EU868 class A", deviceName: "sensor", devEui, deviceClassEnabled: "CLASS_A", tags: {} },
    devAddr: "260b" + (i % 65536).toString(16).padStart(4, "0"), adr: true, dr: 12 - sf, fCnt: Math.floor(i / devEuis.length), fPort: 2, confirmed: false, data: payload, rxInfo,
    txInfo: { frequency: 868100000 + (i % 3) * 200000, modulation: { lora: { bandwidth: 125000, spreadingFactor: sf, codeRate: "CR_4_5" } } },
  });
}
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
      const r = await conn.send(body(i));
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
