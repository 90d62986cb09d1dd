import type { MqttClient } from "mqtt";

/** The fields of an outgoing packet this looks at (mqtt-packet's types, which mqtt.js does not re-export). */
interface OutgoingPacket { cmd: string; messageId?: number; reasonCode?: number }
type SendPacket = (packet: OutgoingPacket, cb?: (error?: Error) => void, ...rest: unknown[]) => void;

/**
 * A session's QoS 1 acknowledgements, held back until each message's event is committed.
 *
 * mqtt.js reads a session's next message only after the current one's PUBACK is written (its
 * customHandleAcks callback, then handleMessage, then the PUBACK, then the next packet). Batching
 * needs many messages of one session waiting for the same commit, so the worker answers mqtt.js at
 * once and this holds the PUBACK packets instead: each is sent, with the reason code its message
 * earned, only once `settle` is called for it — and in the order the messages arrived, as MQTT
 * requires of a client (MQTT-4.6.0-2), so a message settled early waits for the ones before it. How
 * many a session holds at once is bounded by the Receive Maximum the worker announces; the broker
 * sends no more until some are acknowledged.
 *
 * This reaches one private method of mqtt.js (`_sendPacket`, pinned version 5.16.0; the worker's tests
 * fail if it changes): the library has no public way to acknowledge later than it reads.
 */
interface Held { messageId: number; code: number | null; packet: OutgoingPacket | null }

export class HeldAcks {
  /** In arrival order; `byId` finds an entry without scanning (a session holds hundreds). */
  private queue: Held[] = [];
  private byId = new Map<number, Held>();
  private readonly send: SendPacket;

  constructor(private readonly client: MqttClient) {
    const internals = client as unknown as { _sendPacket: SendPacket };
    if (typeof internals._sendPacket !== "function") throw new Error("mqtt.js no longer has _sendPacket: the MQTT worker cannot hold acknowledgements back (check the pinned mqtt version)");
    this.send = internals._sendPacket.bind(client);
    internals._sendPacket = (packet, cb, ...rest) => {
      const held = packet.cmd === "puback" ? this.byId.get(packet.messageId!) : undefined;
      if (!held || held.packet) return this.send(packet, cb, ...rest);
      held.packet = packet;
      // mqtt.js goes on to the next message now; the PUBACK itself waits for settle().
      cb?.();
      this.flush();
    };
  }

  /** Called when a QoS 1 message arrives, before mqtt.js is told it was handled. */
  hold(messageId: number) {
    const entry = { messageId, code: null, packet: null };
    this.queue.push(entry);
    this.byId.set(messageId, entry);
  }

  /** The message's event is committed (or refused for good): its PUBACK may go, with `code`. */
  settle(messageId: number, code: number) {
    const entry = this.byId.get(messageId);
    if (!entry || entry.code !== null) return;
    entry.code = code;
    this.flush();
  }

  /** The connection closed: nothing held is sent on a later one (the broker redelivers those messages). */
  drop() {
    this.queue = [];
    this.byId.clear();
  }

  /** Messages received and not yet acknowledged. */
  get size() {
    return this.queue.length;
  }

  private flush() {
    while (this.queue.length && this.queue[0]!.code !== null && this.queue[0]!.packet) {
      const { messageId, packet, code } = this.queue.shift()!;
      this.byId.delete(messageId);
      if (!this.client.connected) return this.drop();
      this.send({ ...packet!, reasonCode: code! });
    }
  }
}
