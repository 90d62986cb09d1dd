import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "@/server/db";
import { jsonParameter } from "@/server/db/prepared";
import { withPlatform } from "@/server/db/scopes";
import { simulatedNetworkObjects } from "@/server/db/schema";

export type SimulatedKind = "tenant" | "application" | "device_profile" | "device" | "gateway";

export interface SimulatedObject<T> {
  id: string;
  parentId: string | null;
  data: T;
}

/** The simulated network server's objects of one connection, one short transaction per operation. */
export class SimulatedObjects {
  constructor(
    private readonly db: Database,
    private readonly connectionId: string,
  ) {}

  private where(kind: SimulatedKind, id?: string) {
    return and(eq(simulatedNetworkObjects.connectionId, this.connectionId), eq(simulatedNetworkObjects.kind, kind), id === undefined ? undefined : eq(simulatedNetworkObjects.id, id));
  }

  async get<T>(kind: SimulatedKind, id: string): Promise<SimulatedObject<T> | null> {
    const [row] = await withPlatform(this.db, (tx) =>
      tx.select({ id: simulatedNetworkObjects.id, parentId: simulatedNetworkObjects.parentId, data: simulatedNetworkObjects.data }).from(simulatedNetworkObjects).where(this.where(kind, id)),
    );
    return (row as SimulatedObject<T> | undefined) ?? null;
  }

  async list<T>(kind: SimulatedKind, filter: { parentId?: string; tag?: [string, string] } = {}): Promise<Array<SimulatedObject<T>>> {
    const rows = await withPlatform(this.db, (tx) =>
      tx
        .select({ id: simulatedNetworkObjects.id, parentId: simulatedNetworkObjects.parentId, data: simulatedNetworkObjects.data })
        .from(simulatedNetworkObjects)
        .where(and(
          this.where(kind),
          filter.parentId === undefined ? undefined : eq(simulatedNetworkObjects.parentId, filter.parentId),
          filter.tag ? sql`${simulatedNetworkObjects.data} -> 'tags' ->> ${filter.tag[0]} = ${filter.tag[1]}` : undefined,
        ))
        .orderBy(asc(simulatedNetworkObjects.createdAt), asc(simulatedNetworkObjects.id)),
    );
    return rows as Array<SimulatedObject<T>>;
  }

  /**
   * Creates a device in an application unless its tenant already has `maxDevices` (0: no limit), under
   * a lock on the tenant's row, as ChirpStack does, so devices created at the same time cannot overshoot.
   * "limit" when the tenant is full; null when the DevEUI is taken.
   */
  async createDevice<T extends object>(tenantId: string, applicationId: string, devEui: string, data: T, maxDevices: number): Promise<"created" | "limit" | null> {
    return withPlatform(this.db, async (tx) => {
      await tx.select({ id: simulatedNetworkObjects.id }).from(simulatedNetworkObjects).where(this.where("tenant", tenantId)).for("update");
      if (maxDevices !== 0) {
        const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(simulatedNetworkObjects).where(and(
          this.where("device"),
          sql`${simulatedNetworkObjects.parentId} in (select id from simulated_network_objects a where a.connection_id = ${this.connectionId} and a.kind = 'application' and a.parent_id = ${tenantId})`,
        ));
        if ((row?.n ?? 0) >= maxDevices) return "limit";
      }
      const inserted = await tx.insert(simulatedNetworkObjects).values({ connectionId: this.connectionId, kind: "device", id: devEui, parentId: applicationId, data: data as Record<string, unknown> }).onConflictDoNothing().returning({ id: simulatedNetworkObjects.id });
      return inserted.length ? "created" : null;
    });
  }

  /** Inserts under `id` (a new UUID when not given); false when that id is taken. */
  async create<T extends object>(kind: SimulatedKind, parentId: string | null, data: T, id: string = randomUUID()): Promise<string | null> {
    const inserted = await withPlatform(this.db, (tx) =>
      tx.insert(simulatedNetworkObjects).values({ connectionId: this.connectionId, kind, id, parentId, data: data as Record<string, unknown> }).onConflictDoNothing().returning({ id: simulatedNetworkObjects.id }),
    );
    return inserted.length ? id : null;
  }

  async update<T extends object>(kind: SimulatedKind, id: string, data: T) {
    await withPlatform(this.db, (tx) => tx.update(simulatedNetworkObjects).set({ data: data as Record<string, unknown>, updatedAt: new Date() }).where(this.where(kind, id)));
  }

  async remove(kind: SimulatedKind, ids: string[]) {
    if (!ids.length) return;
    await withPlatform(this.db, (tx) =>
      tx.delete(simulatedNetworkObjects).where(and(this.where(kind), sql`${simulatedNetworkObjects.id} in (select json_array_elements_text(${jsonParameter(ids)}))`)),
    );
  }
}
