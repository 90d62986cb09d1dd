"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { DELIVERY_STATUS_LABELS, type DeliveryStatus } from "../delivery-status";
import { DeliveryTable } from "./delivery-table";

const PAGE_SIZE = 25;
const REFRESH_MS = 10_000;
const count = new Intl.NumberFormat("en-GB");
const plural = (n: number) => `${count.format(n)} ${n === 1 ? "delivery" : "deliveries"}`;
/** Deliveries change as the worker sends them; polling stops once the endpoint is gone or access is lost. */
const refetchInterval = (query: { state: { status: string } }) => (query.state.status === "error" ? false : REFRESH_MS);

/** What was sent to one endpoint and how it went, refreshed while open; admins send failed ones again. */
export default function ForwarderDeliveriesPage() {
  const { slug, forwarderId } = useParams<{ slug: string; forwarderId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | "">("");
  const [page, setPage] = useState(1);
  const [confirmAll, setConfirmAll] = useState(false);
  const [notice, setNotice] = useState("");
  const me = useQuery(trpc.workspace.current.queryOptions());
  const forwarder = useQuery({ ...trpc.forwarders.get.queryOptions({ forwarderId }), refetchInterval });
  const deliveries = useQuery({
    ...trpc.forwarders.deliveries.queryOptions({ forwarderId, status: status || undefined, page, pageSize: PAGE_SIZE }),
    refetchInterval,
    placeholderData: keepPreviousData,
    enabled: forwarder.isSuccess,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.forwarders.pathKey() });
  const resend = useMutation(
    trpc.forwarders.resend.mutationOptions({
      onSuccess: () => setNotice("The delivery will be sent again in a moment."),
      onSettled: refresh,
    }),
  );
  const resendAll = useMutation(
    trpc.forwarders.resendAllFailed.mutationOptions({
      onSuccess: ({ resent }) => {
        setConfirmAll(false);
        setNotice(resent === 0 ? "No delivery had failed by then; nothing to send again." : `${plural(resent)} will be sent again shortly.`);
      },
      onSettled: refresh,
    }),
  );
  const canManage = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const integrationsHref = `/t/${slug}/integrations`;

  if (forwarder.isPending) return <LoadingRows rows={6} label="Loading deliveries" />;
  if (forwarder.error) {
    return (
      <div className="space-y-4">
        <ErrorNotice error={forwarder.error} title="This endpoint can't be shown" />
        <Link href={integrationsHref} className="text-sm text-teal-700 underline">
          Back to integrations
        </Link>
      </div>
    );
  }
  const f = forwarder.data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href={integrationsHref} className="text-teal-700 hover:underline">
          Integrations
        </Link>
        <span aria-hidden className="px-1 text-slate-400">/</span>
        <span aria-current="page">{f.name}</span>
      </nav>
      <PageHeader
        title={`Deliveries to ${f.name}`}
        description={
          <>
            <span className="break-all font-mono text-xs">{f.url}</span>
            <span className="block">
              {count.format(f.deliveredLastDay)} delivered in the last 24 hours · {count.format(f.pending)} waiting · {count.format(f.failed)} failed
              {!f.enabled && " · sending is switched off, so waiting deliveries are held"}
            </span>
          </>
        }
        actions={canManage && f.failed > 0 && <Button onClick={() => setConfirmAll(true)}>Send all failed again</Button>}
      />
      <div role="status" aria-live="polite">
        {notice && <p className="mb-4 rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-900 ring-1 ring-inset ring-emerald-200">{notice}</p>}
      </div>
      <Card>
        <div className="mb-4 max-w-xs">
          <label htmlFor="delivery-status" className="block text-sm font-medium text-slate-800">
            Status
          </label>
          <select
            id="delivery-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus | "");
              setPage(1);
            }}
            className="mt-1 block w-full rounded-md border-0 py-2 pl-3 pr-8 text-sm shadow-sm ring-1 ring-inset ring-slate-300"
          >
            <option value="">All</option>
            {(Object.keys(DELIVERY_STATUS_LABELS) as DeliveryStatus[]).map((s) => (
              <option key={s} value={s}>{DELIVERY_STATUS_LABELS[s]}</option>
            ))}
          </select>
        </div>
        <ErrorNotice error={deliveries.error} title="Couldn't load deliveries" />
        <ErrorNotice error={resend.error} title="Not sent again" />
        {deliveries.isPending ? (
          <LoadingRows rows={5} label="Loading deliveries" />
        ) : deliveries.data && deliveries.data.total === 0 ? (
          status ? (
            <EmptyState title={`No ${DELIVERY_STATUS_LABELS[status]} deliveries`}>Choose another status to see the rest.</EmptyState>
          ) : (
            <EmptyState title="Nothing sent yet">
              Deliveries appear here as your devices&apos; events arrive: {f.eventKinds.join(", ")} events, as chosen for this endpoint.
            </EmptyState>
          )
        ) : (
          deliveries.data && (
            <>
              <DeliveryTable
                deliveries={deliveries.data.rows}
                devicesHref={`/t/${slug}/devices`}
                busy={deliveries.isFetching}
                onResend={canManage ? (deliveryId) => resend.mutate({ forwarderId, deliveryId }) : undefined}
                resending={resend.isPending ? (resend.variables?.deliveryId ?? null) : null}
              />
              <Pagination page={page} pageSize={PAGE_SIZE} total={deliveries.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>
      {confirmAll && (
        <ConfirmDialog
          open
          title={`Send ${plural(f.failed)} again?`}
          confirmLabel="Send again"
          busy={resendAll.isPending}
          onCancel={() => {
            setConfirmAll(false);
            resendAll.reset();
          }}
          onConfirm={() => resendAll.mutate({ forwarderId })}
        >
          <p>Every failed delivery to {f.name} goes back in the queue now, with all its retries ahead of it again if your endpoint still does not answer.</p>
          <ErrorNotice error={resendAll.error} title="Not sent again" />
        </ConfirmDialog>
      )}
    </>
  );
}
