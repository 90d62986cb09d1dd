/** The network the ingestion benchmarks send traffic to: tenants, their devices, one ChirpStack connection. */
import { randomUUID } from "node:crypto";
import { hashLinkToken } from "../../src/domain/identity/tokens";
import { EXAMPLE_CODECS } from "../../src/domain/codecs";
import type { Database } from "../../src/server/db";
import { withPlatform } from "../../src/server/db/scopes";
import * as schema from "../../src/server/db/schema";
import { sealSigningSecret } from "../../src/server/forwarding/signing-secret";

export interface BenchNetworkOptions {
  tenants: number;
  devicesPerTenant: number;
  /** Every n-th tenant has an enabled webhook endpoint (never delivered to: no forwarder runs), so the outbox is written. */
  forwardingEvery: number;
  /** Give every device a payload codec, so decoding in the sandbox is measured too. */
  codecs: boolean;
}

export async function seedBenchNetwork(db: Database, options: BenchNetworkOptions) {
  const secret = `bench-${randomUUID()}`;
  return withPlatform(db, async (tx) => {
    const [connection] = await tx.insert(schema.networkConnections).values({ name: "bench ChirpStack", kind: "chirpstack", secretHash: hashLinkToken(secret), ratePerSecond: 1_000_000 }).returning({ id: schema.networkConnections.id });
    const tenantIds: string[] = [];
    const devEuis: string[] = [];
    let forwarding = 0;
    for (let t = 0; t < options.tenants; t++) {
      const slug = `bench-${String(t + 1).padStart(3, "0")}`;
      const [tenant] = await tx.insert(schema.tenants).values({ slug, name: `Bench tenant ${t + 1}`, contactEmail: `${slug}@example.org`, billingEmail: `${slug}@example.org`, status: "active" }).returning({ id: schema.tenants.id });
      tenantIds.push(tenant!.id);
      let profileId: string | null = null;
      if (options.codecs) {
        const [profile] = await tx.insert(schema.deviceProfiles).values({ tenantId: tenant!.id, name: "bin sensor", region: "EU868", macVersion: "1.0.3", codecSource: EXAMPLE_CODECS.binFillLevel.source }).returning({ id: schema.deviceProfiles.id });
        profileId = profile!.id;
      }
      const rows = Array.from({ length: options.devicesPerTenant }, (_, d) => {
        const devEui = `be${t.toString(16).padStart(6, "0")}${d.toString(16).padStart(8, "0")}`;
        devEuis.push(devEui);
        return { tenantId: tenant!.id, devEui, name: `sensor ${d + 1}`, activation: "otaa" as const, profileId };
      });
      await tx.insert(schema.devices).values(rows);
      if (t % options.forwardingEvery === 0) {
        const id = randomUUID();
        await tx.insert(schema.forwarders).values({ tenantId: tenant!.id, id, name: "bench endpoint", url: "https://receiver.example.org/events", secretEnc: sealSigningSecret(id, "bench") });
        forwarding++;
      }
    }
    const owners = new Map((await tx.select({ devEui: schema.devices.devEui, tenantId: schema.devices.tenantId, deviceId: schema.devices.id }).from(schema.devices)).map((d) => [d.devEui, d]));
    return { secret, connectionId: connection!.id, tenantIds, devEuis, owners, forwarding };
  });
}
