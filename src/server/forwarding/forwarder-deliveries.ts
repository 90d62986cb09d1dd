import { and, desc, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "@/domain/errors";
import { recordAudit, type Actor } from "@/server/audit/record-audit";
import type { Database } from "@/server/db";
import { alertEpisodes, deliveryStatus, deviceEvents, devices, forwardDeliveries } from "@/server/db/schema";
import { forwarderRow } from "./forwarders";

/** A forwarder's deliveries as the portal shows them, and sending failed ones again. */

export const DELIVERY_STATUSES = deliveryStatus.enumValues;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export interface DeliveryFilter { status?: DeliveryStatus; page: number; pageSize: number }

/**
 * Newest first, with the event (or alert) each one carries; the device's name is null once the device
 * is deleted (its events are kept).
 */
export async function listDeliveries(tx: Database, tenantId: string, forwarderId: string, filter: DeliveryFilter) {
  await forwarderRow(tx, tenantId, forwarderId);
  const condition = and(
    eq(forwardDeliveries.tenantId, tenantId),
    eq(forwardDeliveries.forwarderId, forwarderId),
    filter.status ? eq(forwardDeliveries.status, filter.status) : undefined,
  );
  const rows = await tx
    .select({
      id: forwardDeliveries.id, status: forwardDeliveries.status, attempts: forwardDeliveries.attempts, nextAttemptAt: forwardDeliveries.nextAttemptAt,
      lastAttemptAt: forwardDeliveries.lastAttemptAt, lastStatus: forwardDeliveries.lastStatus, lastError: forwardDeliveries.lastError,
      createdAt: forwardDeliveries.createdAt, deliveredAt: forwardDeliveries.deliveredAt,
      eventId: deviceEvents.id,
      eventKind: sql<string>`coalesce(${deviceEvents.kind}::text, 'alert ' || ${forwardDeliveries.alertState}::text)`,
      occurredAt: sql<Date>`coalesce(${deviceEvents.occurredAt}, case when ${forwardDeliveries.alertState} = 'cleared' then ${alertEpisodes.clearedAt} else ${alertEpisodes.startedAt} end)`.mapWith(deviceEvents.occurredAt),
      deviceId: sql<string>`coalesce(${deviceEvents.deviceId}, ${alertEpisodes.deviceId})`,
      deviceName: devices.name,
    })
    .from(forwardDeliveries)
    .leftJoin(deviceEvents, and(eq(deviceEvents.tenantId, forwardDeliveries.tenantId), eq(deviceEvents.id, forwardDeliveries.eventId)))
    .leftJoin(alertEpisodes, and(eq(alertEpisodes.tenantId, forwardDeliveries.tenantId), eq(alertEpisodes.id, forwardDeliveries.alertEpisodeId)))
    .leftJoin(devices, and(eq(devices.tenantId, forwardDeliveries.tenantId), sql`${devices.id} = coalesce(${deviceEvents.deviceId}, ${alertEpisodes.deviceId})`))
    .where(condition)
    .orderBy(desc(forwardDeliveries.id))
    .limit(filter.pageSize)
    .offset((filter.page - 1) * filter.pageSize);
  const [count] = await tx.select({ total: sql<number>`count(*)::int` }).from(forwardDeliveries).where(condition);
  return { rows, total: count?.total ?? 0 };
}

/**
 * Puts failed deliveries (the one named, or all of the forwarder's) back in the queue, due now, with
 * the whole retry schedule ahead of them again. The last status and error stay until the next attempt.
 */
export async function resendFailedDeliveries(tx: Database, actor: Actor, tenantId: string, forwarderId: string, deliveryId?: number) {
  const { name } = await forwarderRow(tx, tenantId, forwarderId);
  const mine = and(eq(forwardDeliveries.tenantId, tenantId), eq(forwardDeliveries.forwarderId, forwarderId), deliveryId === undefined ? undefined : eq(forwardDeliveries.id, deliveryId));
  const resent = await tx
    .update(forwardDeliveries)
    .set({ status: "pending", attempts: 0, nextAttemptAt: sql`now()` })
    .where(and(mine, eq(forwardDeliveries.status, "failed")))
    .returning({ id: forwardDeliveries.id });
  if (deliveryId !== undefined && resent.length === 0) {
    const [delivery] = await tx.select({ status: forwardDeliveries.status }).from(forwardDeliveries).where(mine);
    if (!delivery) throw notFound("That delivery");
    throw conflict(`That delivery is ${delivery.status}; only failed deliveries can be sent again.`);
  }
  if (resent.length > 0) {
    await recordAudit(tx, actor, {
      tenantId, action: "forwarder.deliveries_resent", targetType: "forwarder", targetId: forwarderId,
      details: { name, ...(deliveryId === undefined ? { allFailed: true } : { deliveryId }), count: resent.length },
    });
  }
  return { resent: resent.length };
}
