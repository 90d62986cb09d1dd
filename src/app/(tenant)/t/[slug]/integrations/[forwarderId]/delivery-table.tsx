"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import type { AppRouter } from "@/server/api/root";
import { DeliveryStatusBadge } from "../delivery-status";

type Delivery = inferRouterOutputs<AppRouter>["forwarders"]["deliveries"]["rows"][number];

const time = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });

/** One row per delivery, newest first; admins can send a failed one again (`resending` is the row in flight). */
export function DeliveryTable({ deliveries, devicesHref, busy, onResend, resending }: { deliveries: readonly Delivery[]; devicesHref: string; busy: boolean; onResend?: (deliveryId: number) => void; resending: number | null }) {
  return (
    <DataTable
      caption="Deliveries, newest first"
      columns={[{ label: "Event" }, { label: "Device" }, { label: "Status" }, { label: "Attempts", numeric: true }, { label: "Last answer" }, { label: "Next attempt or delivered" }, onResend !== undefined && { label: "Actions", srOnly: true }]}
      busy={busy}
      density="compact"
    >
      {deliveries.map((d) => (
        <tr key={d.id} className="align-top">
          <td className="whitespace-nowrap py-2 pr-3">
            <time dateTime={d.occurredAt.toISOString()}>{time.format(d.occurredAt)}</time> <Badge>{d.eventKind}</Badge>
          </td>
          <td className="py-2 pr-3">
            {d.deviceName === null ? <span className="text-slate-400">deleted device</span> : <Link href={`${devicesHref}/${d.deviceId}`} className="text-teal-800 hover:underline">{d.deviceName}</Link>}
          </td>
          <td className="py-2 pr-3"><DeliveryStatusBadge status={d.status} /></td>
          <td className="py-2 pr-3 text-right tabular-nums">{d.attempts}</td>
          <td className="max-w-72 py-2 pr-3">
            {d.lastAttemptAt === null ? (
              <span className="text-slate-400">not tried yet</span>
            ) : (
              <>
                {/* A failure's error already names its HTTP status. */}
                {d.lastError ? <span className="block break-words text-red-800">{d.lastError}</span> : d.lastStatus !== null && <span className="tabular-nums">HTTP {d.lastStatus}</span>}
                <span className="block text-xs text-slate-500"><RelativeTime date={d.lastAttemptAt} /></span>
              </>
            )}
          </td>
          <td className="whitespace-nowrap py-2 pr-3">
            {d.status === "delivered" ? <RelativeTime date={d.deliveredAt} /> : d.status === "pending" ? <RelativeTime date={d.nextAttemptAt} /> : <span className="text-slate-400">gave up</span>}
          </td>
          {onResend !== undefined && (
            <td className="py-2 text-right">
              {d.status === "failed" && (
                <Button variant="secondary" className="px-2 py-1 text-xs" busy={resending === d.id} onClick={() => onResend(d.id)}>
                  Send again<span className="sr-only"> (event of {time.format(d.occurredAt)})</span>
                </Button>
              )}
            </td>
          )}
        </tr>
      ))}
    </DataTable>
  );
}
