/**
 * bench:mqtt's publisher, run as a worker thread: publishes `count` ChirpStack `up` events (the same
 * bodies as bench:ingest's) at QoS 1 on ChirpStack's MQTT topics, over `connections` MQTT 5
 * connections, each with as many publishes awaiting their PUBACK as the broker's Receive Maximum allows. It never runs more than the
 * parent allows ahead ({ allowed: n } messages): the broker drops what a session cannot queue
 * (Mosquitto: max_queued_messages), and a benchmark must not lose events to the broker.
 *
 * It stands in for ChirpStack, which runs on another machine, so it should take as little of this
 * machine's CPU as it can: packets are encoded by mqtt-packet and written straight to the socket, and
 * only PUBACKs are read back (mqtt.js's client, with its outgoing store and a callback per message,
 * took about 60 µs of CPU per event here, a sixth of everything the run measured).
 */
import { generate, parser as packetParser } from "mqtt-packet";
import { connect } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { chirpstackBody } from "./bench-chirpstack-body.mjs";

const { mqttUrl, count, prefix, devEuis, applicationId, connections, clientId } = workerData;
const protocol = { protocolVersion: 5 };
let allowed = 0;
let next = 0;
const publishers = [];
parentPort.on("message", (message) => {
  allowed = message.allowed;
  for (const publisher of publishers) publisher.fill();
});

/** One MQTT connection: keeps the broker's Receive Maximum of QoS 1 publishes outstanding, each replaced when its PUBACK arrives. */
function openPublisher(id) {
  const { hostname, port } = new URL(mqttUrl);
  const socket = connect(Number(port || 1883), hostname);
  socket.setNoDelay(true);
  const parser = packetParser(protocol);
  let outstanding = 0;
  // MQTT 5: the broker's CONNACK says how many QoS 1 publishes it takes at once (Mosquitto: max_inflight_messages, 20); absent means 65,535.
  let inFlight = 0;
  let messageId = 0;
  let finish;
  const done = new Promise((resolve, reject) => {
    finish = resolve;
    socket.once("error", reject);
    parser.on("error", reject);
  });
  let connected;
  let isConnected = false;
  const ready = new Promise((resolve, reject) => (connected = { resolve, reject }));
  const publisher = {
    ready,
    done,
    fill() {
      if (!isConnected) return;
      const packets = [];
      while (outstanding < inFlight && next < Math.min(count, allowed)) {
        const i = next++;
        messageId = (messageId % 65_535) + 1;
        outstanding++;
        packets.push(generate({ cmd: "publish", topic: `application/${applicationId}/device/${devEuis[i % devEuis.length]}/event/up`, payload: chirpstackBody(i, devEuis, prefix), qos: 1, messageId, retain: false, dup: false }, protocol));
      }
      if (packets.length) socket.write(packets.length === 1 ? packets[0] : Buffer.concat(packets));
      if (outstanding === 0 && next >= count) finish();
    },
    close: () => new Promise((resolve) => socket.end(generate({ cmd: "disconnect" }, protocol), resolve)),
  };
  parser.on("packet", (packet) => {
    if (packet.cmd === "connack") {
      if (packet.reasonCode) return connected.reject(new Error(`broker refused the connection: reason code ${packet.reasonCode}`));
      inFlight = packet.properties?.receiveMaximum ?? 65_535;
      isConnected = true;
      return connected.resolve();
    }
    if (packet.cmd !== "puback") return;
    if (packet.reasonCode >= 0x80) throw new Error(`broker refused a publish: reason code 0x${packet.reasonCode.toString(16)}`);
    outstanding--;
  });
  // Refilled once per read, not per PUBACK: the acks a read brings are answered by one write.
  socket.on("data", (data) => {
    parser.parse(data);
    publisher.fill();
  });
  socket.write(generate({ cmd: "connect", protocolId: "MQTT", protocolVersion: 5, clean: true, clientId: `${clientId}-${id}`, keepalive: 0 }, protocol));
  return publisher;
}

for (let i = 0; i < connections; i++) publishers.push(openPublisher(i));
await Promise.all(publishers.map((p) => p.ready));
const started = performance.now();
for (const publisher of publishers) publisher.fill();
await Promise.all(publishers.map((p) => p.done));
const elapsedMs = performance.now() - started;
await Promise.all(publishers.map((p) => p.close()));
parentPort.postMessage({ elapsedMs });
