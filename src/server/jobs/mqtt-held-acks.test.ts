import type { MqttClient } from "mqtt";
import { describe, expect, it } from "vitest";
import { HeldAcks } from "./mqtt-held-acks";

/** The part of mqtt.js HeldAcks works with: a connection flag and the method that writes packets. */
function fakeClient() {
  const written: Array<{ cmd: string; messageId?: number; reasonCode?: number }> = [];
  const client = {
    connected: true,
    _sendPacket(packet: { cmd: string; messageId?: number; reasonCode?: number }, cb?: () => void) {
      written.push(packet);
      cb?.();
    },
  };
  return { client, written, asMqtt: client as unknown as MqttClient };
}

/** What mqtt.js does once told a QoS 1 message was handled: write its PUBACK, then read the next message. */
function handledByMqttJs(client: { _sendPacket(packet: object, cb?: () => void): void }, messageId: number) {
  let readNext = false;
  client._sendPacket({ cmd: "puback", messageId, reasonCode: 0 }, () => (readNext = true));
  return readNext;
}

describe("HeldAcks", () => {
  it("lets mqtt.js read on at once but sends each PUBACK only when settled, with its code, in arrival order", () => {
    const { client, written, asMqtt } = fakeClient();
    const acks = new HeldAcks(asMqtt);
    for (const id of [11, 12, 13]) {
      acks.hold(id);
      expect(handledByMqttJs(client, id)).toBe(true);
    }
    expect(written).toEqual([]);

    // 12 and 13 were committed first (another batch): they wait for 11, the message before them.
    acks.settle(13, 0x00);
    acks.settle(12, 0x99);
    expect(written).toEqual([]);
    acks.settle(11, 0x00);
    expect(written.map((p) => [p.messageId, p.reasonCode])).toEqual([[11, 0x00], [12, 0x99], [13, 0x00]]);
    expect(acks.size).toBe(0);
  });

  it("passes other packets straight through", () => {
    const { client, written, asMqtt } = fakeClient();
    new HeldAcks(asMqtt);
    client._sendPacket({ cmd: "pingreq" });
    client._sendPacket({ cmd: "puback", messageId: 5 });
    expect(written.map((p) => p.cmd)).toEqual(["pingreq", "puback"]);
  });

  it("sends nothing held on a later connection: after a disconnect the broker redelivers those messages", () => {
    const { client, written, asMqtt } = fakeClient();
    const acks = new HeldAcks(asMqtt);
    acks.hold(1);
    handledByMqttJs(client, 1);
    acks.hold(2);
    handledByMqttJs(client, 2);
    acks.drop();
    acks.settle(1, 0);
    acks.settle(2, 0);
    expect(written).toEqual([]);

    // Settled while the connection is down (mqtt.js would store a PUBACK to send after reconnecting).
    acks.hold(3);
    handledByMqttJs(client, 3);
    client.connected = false;
    acks.settle(3, 0);
    expect(written).toEqual([]);
    expect(acks.size).toBe(0);
  });
});
