"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useId } from "react";
import { RelativeTime } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorNotice } from "@/components/ui/states";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { DELIVERY_STATUS_LABELS } from "./delivery-status";

export type Forwarder = inferRouterOutputs<AppRouter>["forwarders"]["list"][number];

const count = new Intl.NumberFormat("en-GB");
const smallButton = "px-2 py-1 text-xs";

/** The last error is kept after later successes; it is news only while nothing has been delivered since. */
const failingNow = (f: Forwarder) => f.lastError !== null && f.lastFailedAt !== null && (f.lastDeliveredAt === null || f.lastFailedAt > f.lastDeliveredAt);

/** One endpoint: where it sends, what, how it is going; admins also switch it on or off and change it. */
export function ForwarderCard({ forwarder: f, href, canManage, onEdit, onRotate, onDelete }: { forwarder: Forwarder; href: string; canManage: boolean; onEdit(): void; onRotate(): void; onDelete(): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const titleId = useId();
  const toggle = useMutation(trpc.forwarders.update.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.forwarders.pathKey() }) }));
  const test = useMutation(trpc.forwarders.sendTest.mutationOptions());

  return (
    <article aria-labelledby={titleId} className="rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-100 px-5 py-3">
        <div className="flex items-center gap-2">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">{f.name}</h2>
          {f.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="slate">disabled</Badge>}
        </div>
        {canManage && (
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              role="switch"
              aria-checked={f.enabled}
              disabled={toggle.isPending}
              onClick={() => toggle.mutate({ forwarderId: f.id, enabled: !f.enabled })}
              className="inline-flex items-center gap-2 rounded-md px-2 py-1 text-xs font-semibold text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-500 disabled:opacity-60"
            >
              <span aria-hidden className={`relative h-4 w-7 rounded-full transition-colors ${f.enabled ? "bg-teal-700" : "bg-slate-300"}`}>
                <span className={`absolute top-0.5 size-3 rounded-full bg-white shadow transition-all ${f.enabled ? "left-3.5" : "left-0.5"}`} />
              </span>
              Send events<span className="sr-only"> to {f.name}</span>
            </button>
            <Button variant="secondary" className={smallButton} busy={test.isPending} onClick={() => test.mutate({ forwarderId: f.id })}>
              Send test event<span className="sr-only"> to {f.name}</span>
            </Button>
            <Button variant="secondary" className={smallButton} onClick={onEdit}>
              Edit<span className="sr-only"> {f.name}</span>
            </Button>
            <Button variant="secondary" className={smallButton} onClick={onRotate}>
              Rotate secret<span className="sr-only"> of {f.name}</span>
            </Button>
            <Button variant="ghost" className={`${smallButton} text-red-700`} onClick={onDelete}>
              Delete<span className="sr-only"> {f.name}</span>
            </Button>
          </div>
        )}
      </header>
      <div className="space-y-4 p-5">
        <ErrorNotice error={toggle.error} title={f.enabled ? "Couldn't disable the endpoint" : "Couldn't enable the endpoint"} />
        <ErrorNotice error={test.error} title="The test event wasn't sent" />
        <p aria-live="polite" className={test.data ? `text-sm ${test.data.delivered ? "text-green-800" : "text-red-800"}` : "sr-only"}>
          {test.data && (test.data.delivered ? `Test event delivered: your endpoint answered HTTP ${test.data.status}.` : `Test event not delivered: ${test.data.error}`)}
        </p>
        {!f.enabled && (
          <p className="text-sm text-slate-600">Sending is off: new events are not queued for this endpoint, and deliveries already waiting are held until it is switched on again.</p>
        )}
        <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div className="sm:col-span-2">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">URL</dt>
            <dd className="break-all font-mono text-xs text-slate-900">{f.url}</dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Events</dt>
            <dd className="mt-1 flex flex-wrap gap-1">
              {f.eventKinds.map((kind) => (
                <Badge key={kind}>{kind}</Badge>
              ))}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last delivered</dt>
            <dd><RelativeTime date={f.lastDeliveredAt} fallback="nothing yet" /></dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Deliveries</dt>
            <dd className="tabular-nums">
              {count.format(f.deliveredLastDay)} {DELIVERY_STATUS_LABELS.delivered} in the last 24 hours · {count.format(f.pending)} {DELIVERY_STATUS_LABELS.pending} ·{" "}
              <span className={f.failed > 0 ? "font-semibold text-red-700" : undefined}>{count.format(f.failed)} {DELIVERY_STATUS_LABELS.failed}</span>
            </dd>
          </div>
          {failingNow(f) && (
            <div>
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">Last error</dt>
              <dd className="text-red-800">
                {f.lastError} <span className="text-slate-500">(<RelativeTime date={f.lastFailedAt} />)</span>
              </dd>
            </div>
          )}
        </dl>
        <Link href={href} className="inline-block text-sm font-medium text-teal-700 hover:underline">
          Deliveries<span className="sr-only"> to {f.name}</span> <span aria-hidden>→</span>
        </Link>
      </div>
    </article>
  );
}
