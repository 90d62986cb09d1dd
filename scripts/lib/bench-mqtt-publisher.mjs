/**
 * bench:mqtt's publisher, run as a worker thread: publishes `count` ChirpStack `up` events (the same
 * bodies as bench:ingest's) at QoS 1 on ChirpStack's MQTT topics, over `connections` MQTT 5
 * connections, each with as many publishes in flight as the broker allows. It never runs more than
 * the parent allows ahead ({ allowed: n } messages): the broker drops what a session cannot queue
 * (Mosquitto: max_queued_messages), and a benchmark must not lose events to the broker.
 */
import { connectAsync } from "mqtt";
import { parentPort, workerData } from "node:worker_threads";
import { chirpstackBody } from "./bench-chirpstack-body.mjs";

const { mqttUrl, count, prefix, devEuis, applicationId, connections, clientId } = workerData;
let allowed = 0;
const waiting = new Set();
parentPort.on("message", (message) => {
  allowed = message.allowed;
  for (const wake of waiting) wake();
  waiting.clear();
});

const clients = await Promise.all(Array.from({ length: connections }, (_, i) => connectAsync(mqttUrl, { protocolVersion: 5, clientId: `${clientId}-${i}`, clean: true, reconnectPeriod: 0 })));
let next = 0;
const started = performance.now();
await Promise.all(
  clients.map(async (client) => {
    // Fewer in flight than the broker's Receive Maximum (Mosquitto: max_inflight_messages, default 20).
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < count) {
          if (next >= allowed) {
            await new Promise((resolve) => waiting.add(resolve));
            continue;
          }
          const i = next++;
          const body = chirpstackBody(i, devEuis, prefix);
          await client.publishAsync(`application/${applicationId}/device/${devEuis[i % devEuis.length]}/event/up`, body, { qos: 1 });
        }
      }),
    );
  }),
);
const elapsedMs = performance.now() - started;
await Promise.all(clients.map((client) => client.endAsync()));
parentPort.postMessage({ elapsedMs });
