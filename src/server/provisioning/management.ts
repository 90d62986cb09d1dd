import { eq, sql } from "drizzle-orm";
import { env } from "@/env";
import { decryptDeviceKey, encryptDeviceKey } from "@/domain/crypto/device-keys";
import { conflict, invalid, notFound } from "@/domain/errors";
import type { NetworkServer } from "@/domain/provisioning";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { networkConnections, networkManagement } from "@/server/db/schema";
import { withPlatform } from "@/server/db/scopes";
import { chirpstackNetwork } from "./chirpstack/chirpstack-network";
import { simulatedNetwork } from "./simulated/simulated-network";

export type ManagementKind = "chirpstack" | "simulated";

/** The API token at rest: AES-256-GCM under DEVICE_KEY_ENCRYPTION_KEY, bound to its connection. */
const sealToken = (connectionId: string, token: string) => encryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, token, `management:${connectionId}`);
const openToken = (connectionId: string, sealed: string) => decryptDeviceKey(env.DEVICE_KEY_ENCRYPTION_KEY, sealed, `management:${connectionId}`);

/** What the operator console shows: never the token, only whether one is set. */
export async function getManagement(tx: Database) {
  const [row] = await tx
    .select({
      connectionId: networkManagement.connectionId, connectionName: networkConnections.name, kind: networkManagement.kind, apiUrl: networkManagement.apiUrl,
      hasToken: sql<boolean>`${networkManagement.apiTokenEnc} is not null`, councilRemoteTenantId: networkManagement.councilRemoteTenantId,
      lastCheckedAt: networkManagement.lastCheckedAt, lastError: networkManagement.lastError, updatedAt: networkManagement.updatedAt,
    })
    .from(networkManagement)
    .innerJoin(networkConnections, eq(networkConnections.id, networkManagement.connectionId));
  return row ?? null;
}

export interface ManagementInput {
  connectionId: string;
  kind: ManagementKind;
  apiUrl?: string | null;
  /** Omitted when changing other settings: the stored token is kept. */
  apiToken?: string | null;
  councilRemoteTenantId?: string | null;
}

/**
 * Makes a connection the managed one (or changes its settings). Only one connection is managed: every
 * tenant must have exactly one network server its devices are provisioned to.
 */
export async function configureManagement(tx: Database, actor: Actor, input: ManagementInput) {
  const [connection] = await tx.select({ id: networkConnections.id, name: networkConnections.name }).from(networkConnections).where(eq(networkConnections.id, input.connectionId));
  if (!connection) throw notFound("That connection");
  const current = await getManagement(tx);
  if (current && current.connectionId !== input.connectionId) {
    throw conflict(`${current.connectionName} is already the managed network server; turn its management off before managing another.`);
  }
  const [stored] = current ? await tx.select({ apiTokenEnc: networkManagement.apiTokenEnc }).from(networkManagement).where(eq(networkManagement.connectionId, input.connectionId)) : [];
  const chirpstack = input.kind === "chirpstack";
  const apiTokenEnc = chirpstack ? (input.apiToken ? sealToken(input.connectionId, input.apiToken) : (stored?.apiTokenEnc ?? null)) : null;
  if (chirpstack && !input.apiUrl) throw invalid("Enter ChirpStack's API address, e.g. https://chirpstack.example.gov.uk.");
  if (chirpstack && !apiTokenEnc) throw invalid("Enter a ChirpStack API token (API keys → Add API key, as a network-server admin).");
  const values = {
    kind: input.kind,
    apiUrl: chirpstack ? input.apiUrl! : null,
    apiTokenEnc,
    councilRemoteTenantId: input.councilRemoteTenantId ?? current?.councilRemoteTenantId ?? null,
    lastError: null,
    updatedAt: new Date(),
  };
  await tx.insert(networkManagement).values({ connectionId: input.connectionId, ...values }).onConflictDoUpdate({ target: networkManagement.connectionId, set: values });
  await recordAudit(tx, actor, {
    tenantId: null, action: current ? "connection.management_changed" : "connection.management_enabled", targetType: "network_connection", targetId: input.connectionId,
    details: { kind: input.kind, apiUrl: values.apiUrl, tokenChanged: Boolean(chirpstack && input.apiToken), councilRemoteTenantId: values.councilRemoteTenantId },
  });
  return getManagement(tx);
}

/** Stops provisioning; what is on the network server stays, and jobs wait until a server is managed again. */
export async function removeManagement(tx: Database, actor: Actor, connectionId: string) {
  const [removed] = await tx.delete(networkManagement).where(eq(networkManagement.connectionId, connectionId)).returning({ kind: networkManagement.kind });
  if (!removed) throw notFound("Management of that connection");
  await recordAudit(tx, actor, { tenantId: null, action: "connection.management_disabled", targetType: "network_connection", targetId: connectionId, details: { kind: removed.kind } });
}

/** The managed network server, as workers and the console talk to it. */
export interface ProvisioningTarget {
  connectionId: string;
  kind: ManagementKind;
  councilRemoteTenantId: string | null;
  server: NetworkServer;
}

const open = new Map<string, { version: string; server: NetworkServer }>();

/**
 * The managed connection's adapter, opened once per settings version (gRPC channels are long-lived) and
 * replaced when an operator changes the settings. null when no network server is managed.
 */
export async function provisioningTarget(db: Database): Promise<ProvisioningTarget | null> {
  const [row] = await withPlatform(db, (tx) => tx.select().from(networkManagement));
  if (!row) return null;
  const version = `${row.kind}|${row.apiUrl}|${row.apiTokenEnc}`;
  let cached = open.get(row.connectionId);
  if (cached?.version !== version) {
    cached?.server.close();
    const server = row.kind === "simulated" ? simulatedNetwork(db, row.connectionId) : chirpstackNetwork({ apiUrl: row.apiUrl!, apiToken: openToken(row.connectionId, row.apiTokenEnc!) });
    cached = { version, server };
    open.set(row.connectionId, cached);
  }
  return { connectionId: row.connectionId, kind: row.kind, councilRemoteTenantId: row.councilRemoteTenantId, server: cached.server };
}

/** Closes every adapter this process opened (shutdown, tests). */
export function closeProvisioningTargets() {
  for (const { server } of open.values()) server.close();
  open.clear();
}

/**
 * What the connection page shows about reaching the server: the latest connection-level failure (a
 * wrong token, an unreachable address) in the server's own words, or null once something worked.
 */
export async function noteConnectionState(db: Database, connectionId: string, problem: string | null) {
  await withPlatform(db, (tx) =>
    tx.update(networkManagement)
      .set({ lastError: problem, lastCheckedAt: new Date() })
      .where(problem === null ? sql`${networkManagement.connectionId} = ${connectionId} and ${networkManagement.lastError} is not null` : eq(networkManagement.connectionId, connectionId)),
  );
}

export async function saveCouncilTenant(db: Database, connectionId: string, remoteTenantId: string) {
  await withPlatform(db, (tx) => tx.update(networkManagement).set({ councilRemoteTenantId: remoteTenantId }).where(eq(networkManagement.connectionId, connectionId)));
}
