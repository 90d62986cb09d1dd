import type { CodecRunner } from "@/domain/codecs";
import type { NetworkEvent } from "@/domain/lorawan";

export interface DecodeRequest { event: NetworkEvent; codecSource: string | null }
export interface Decoded { data: Record<string, unknown> | null; error: string | null }
export type DecodeUplink = (requests: readonly DecodeRequest[]) => Promise<Decoded[]>;

/**
 * What the network server decoded is kept as it is; otherwise, uplinks of devices whose profile has a
 * codec are decoded in the sandbox. A failing codec never loses the uplink: the error is stored beside it.
 */
export function decodeWith(runner: Pick<CodecRunner, "decodeUplink">): DecodeUplink {
  return (requests) =>
    Promise.all(
      requests.map(async ({ event, codecSource }): Promise<Decoded> => {
        if (event.decoded) return { data: event.decoded, error: null };
        if (!codecSource || event.kind !== "uplink" || !event.payload || event.fPort === null) return { data: null, error: null };
        const result = await runner.decodeUplink(codecSource, { bytes: event.payload, fPort: event.fPort, recvTime: event.occurredAt });
        return result.ok ? { data: result.data, error: null } : { data: null, error: result.error };
      }),
    );
}
