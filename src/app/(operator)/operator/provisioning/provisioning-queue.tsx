"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { JobStatusBadge } from "@/components/provisioning/sync-badge";
import { RelativeTime } from "@/components/relative-time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, ErrorNotice, LoadingRows, SuccessNotice } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";

type Status = "pending" | "failed" | "done";
const PAGE_SIZE = 25;
const count = new Intl.NumberFormat("en-GB");
const SUBJECTS = { tenant: "Organisation", profile: "Profile", device: "Device", gateway: "Gateway" } as const;

/** The provisioning queue across tenants: how much is waiting, what failed and why, and retrying it. */
export function ProvisioningQueue() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status | "">("failed");
  const [page, setPage] = useState(1);
  const [retryingAll, setRetryingAll] = useState(false);
  const overview = useQuery({ ...trpc.provisioning.overview.queryOptions(), refetchInterval: 5_000 });
  const jobs = useQuery({ ...trpc.provisioning.jobs.queryOptions({ status: status || undefined, page, pageSize: PAGE_SIZE }), placeholderData: keepPreviousData, refetchInterval: 5_000 });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.provisioning.pathKey() });
  const retry = useMutation(trpc.provisioning.retry.mutationOptions({ onSuccess: () => { setRetryingAll(false); refresh(); } }));
  const o = overview.data;

  return (
    <>
      <PageHeader
        title="Provisioning"
        description="Every change to tenants, profiles, devices and gateways is queued here and applied to the managed network server, in order per device, retried while the server is unreachable."
        actions={o && o.failed > 0 && <Button onClick={() => setRetryingAll(true)}>Retry all failed</Button>}
      />
      <ErrorNotice error={overview.error} title="Couldn't load the queue" />
      <StatGrid>
        <StatCard label="Waiting" value={o ? count.format(o.pending) : "…"} detail={o?.oldestPendingAt ? <>oldest queued <RelativeTime date={o.oldestPendingAt} /></> : "nothing queued"} />
        <StatCard label="Being retried" value={o ? count.format(o.retrying) : "…"} tone={o && o.retrying > 0 ? "warn" : "default"} detail="the server was unreachable" />
        <StatCard label="Failed" value={o ? count.format(o.failed) : "…"} tone={o && o.failed > 0 ? "bad" : "good"} detail="not superseded since" />
        <StatCard label="Applied in 24 hours" value={o ? count.format(o.doneLast24h) : "…"} />
      </StatGrid>
      {retry.data && <div className="mb-4"><SuccessNotice>{retry.data.queued} job{retry.data.queued === 1 ? "" : "s"} queued again.</SuccessNotice></div>}

      {o && o.byTenant.length > 0 && (
        <Card title="By tenant" className="mb-6">
          <DataTable caption="Waiting and failed jobs by tenant" columns={[{ label: "Tenant" }, { label: "Waiting", numeric: true }, { label: "Failed", numeric: true }]}>
            {o.byTenant.map((t) => (
              <tr key={t.tenantId ?? "council"}>
                <th scope="row" className="py-2 pr-4 text-left font-medium">
                  {t.tenantId ? <Link href={`/operator/tenants/${t.tenantId}`} className="text-teal-800 hover:underline">{t.tenantName}</Link> : t.tenantName}
                </th>
                <td className="py-2 pr-4 text-right tabular-nums">{count.format(t.pending)}</td>
                <td className="py-2 text-right tabular-nums">{t.failed ? <span className="font-semibold text-red-700">{count.format(t.failed)}</span> : 0}</td>
              </tr>
            ))}
          </DataTable>
        </Card>
      )}

      <Card title="Jobs">
        <div className="mb-4 max-w-xs">
          <SelectField
            label="Show"
            value={status}
            onChange={(e) => { setStatus(e.target.value as Status | ""); setPage(1); }}
            options={[{ value: "failed", label: "Failed" }, { value: "pending", label: "Waiting" }, { value: "done", label: "Applied" }, { value: "", label: "All" }]}
          />
        </div>
        <ErrorNotice error={jobs.error} title="Couldn't load the jobs" />
        <ErrorNotice error={retry.error} title="Couldn't retry" />
        {jobs.isPending ? (
          <LoadingRows rows={5} label="Loading jobs" />
        ) : jobs.data && jobs.data.total === 0 ? (
          <EmptyState title={status === "failed" ? "Nothing has failed" : "No jobs here"}>{status === "failed" ? "Every change reached the network server, or is still on its way." : "Changes appear here as they are made."}</EmptyState>
        ) : (
          jobs.data && (
            <>
              <DataTable caption="Provisioning jobs, newest first" busy={jobs.isFetching} columns={[{ label: "Job" }, { label: "What" }, { label: "Tenant" }, { label: "Why" }, { label: "State" }, { label: "Tries", numeric: true }, { label: "Result" }, { label: "Queued" }, { label: "Actions", srOnly: true }]}>
                {jobs.data.rows.map((job) => (
                  <tr key={job.id} className="align-top">
                    <td className="py-2 pr-4 tabular-nums text-slate-500">#{job.id}</td>
                    <td className="py-2 pr-4">
                      <span className="text-slate-500">{SUBJECTS[job.subject]} </span>
                      {job.subjectName ?? <span className="font-mono text-xs">{job.devEui ?? job.subjectId}</span>}
                    </td>
                    <td className="py-2 pr-4">{job.tenantName ?? "The council"}</td>
                    <td className="py-2 pr-4 text-slate-600">{job.reason.replaceAll("_", " ")}</td>
                    <td className="py-2 pr-4"><JobStatusBadge status={job.status} /></td>
                    <td className="py-2 pr-4 text-right tabular-nums">{job.attempts}</td>
                    <td className="max-w-md py-2 pr-4 text-xs">
                      {job.status === "failed" || job.lastError ? <span className="text-red-800">{job.lastError}</span> : <span className="text-slate-600">{job.outcome ?? "—"}</span>}
                      {job.status === "pending" && job.lastError && <div className="text-slate-500">next try <RelativeTime date={job.nextAttemptAt} /></div>}
                    </td>
                    <td className="whitespace-nowrap py-2 pr-4"><RelativeTime date={job.createdAt} /></td>
                    <td className="py-2 text-right">
                      {job.status === "failed" && (
                        <Button variant="secondary" className="px-2 py-1 text-xs" busy={retry.isPending && retry.variables?.jobId === job.id} onClick={() => retry.mutate({ jobId: job.id })}>
                          Retry<span className="sr-only"> job {job.id}</span>
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pagination page={page} pageSize={PAGE_SIZE} total={jobs.data.total} onPage={setPage} />
            </>
          )
        )}
      </Card>

      {retryingAll && o && (
        <ConfirmDialog open title={`Retry ${o.failed} failed job${o.failed === 1 ? "" : "s"}?`} confirmLabel="Retry all" busy={retry.isPending} onCancel={() => setRetryingAll(false)} onConfirm={() => retry.mutate({})}>
          <p>Each is queued again and applied with the device&apos;s (or tenant&apos;s) current state. Fix what made them fail first, e.g. the connection&apos;s API token.</p>
          <ErrorNotice error={retry.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
