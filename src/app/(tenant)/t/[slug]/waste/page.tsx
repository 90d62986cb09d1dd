"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useDeferredValue, useState } from "react";
import { StatCard, StatGrid } from "@/components/charts/stat-card";
import { PageHeader } from "@/components/ui/page-header";
import { ErrorNotice, LoadingRows } from "@/components/ui/states";
import { hasTenantRole } from "@/domain/tenancy/roles";
import { useTRPC } from "@/trpc/react";
import { BinList } from "./bin-list";
import { BinMap } from "./bin-map";
import { CollectionList } from "./collection-list";
import { WasteSettingsCard } from "./waste-settings-card";

const PAGE_SIZE = 25;

/** The waste team's dashboard: every bin's fill level on a map and by urgency, today's collection list, and the team's settings. */
export default function WastePage() {
  const { slug } = useParams<{ slug: string }>();
  const trpc = useTRPC();
  const me = useQuery(trpc.workspace.current.queryOptions());
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const query = useDeferredValue(search.trim());
  const live = { refetchInterval: (q: { state: { status: string } }) => (q.state.status === "error" ? false : 30_000) };
  const dashboard = useQuery({ ...trpc.waste.dashboard.queryOptions({ page, pageSize: PAGE_SIZE, search: query || undefined }), placeholderData: keepPreviousData, ...live });
  const [selected, setSelected] = useState<string | null>(null);
  const canCollect = me.data ? hasTenantRole(me.data.role, "member") : false;
  const canConfigure = me.data ? hasTenantRole(me.data.role, "admin") : false;
  const d = dashboard.data;

  return (
    <>
      <PageHeader
        title="Waste collection"
        description={d ? `Bins by fill level. A bin goes on today's list when it is over ${d.settings.thresholdPercent} % or will be full within ${d.settings.roundIntervalHours} hours, before the next round.` : "Bins by fill level, and today's collection list."}
      />
      <ErrorNotice error={dashboard.error} title="Couldn't load the waste dashboard" />
      {dashboard.isPending ? (
        <LoadingRows rows={8} label="Loading bins" />
      ) : (
        d && (
          <>
            <div className="print:hidden">
              <StatGrid columns={5}>
                <StatCard label="Bins" value={d.summary.bins} detail="reporting fill levels" />
                <StatCard label="Over threshold" value={d.summary.over} tone={d.summary.over ? "bad" : "default"} detail={`at or above ${d.settings.thresholdPercent} %`} />
                <StatCard label="On today's list" value={d.summary.onCollectionList} tone={d.summary.onCollectionList ? "warn" : "default"} detail="over, or full before the next round" />
                <StatCard label="Battery low" value={d.summary.lowBattery} tone={d.summary.lowBattery ? "warn" : "default"} detail="below 20 %" />
                <StatCard label="Not reporting" value={d.summary.notReporting} tone={d.summary.notReporting ? "warn" : "default"} detail={`silent over ${d.settings.silentAfterHours} h`} />
              </StatGrid>
            </div>
            <CollectionList canCollect={canCollect} />
            {/* Side by side only on wide screens: the bin list needs its eight columns' width more than the map does. */}
            <div className="mt-6 grid gap-6 print:hidden 2xl:grid-cols-5">
              <div className="2xl:col-span-2">
                <BinMap slug={slug} selected={selected} onSelect={setSelected} />
              </div>
              <div className="2xl:col-span-3">
                <BinList
                  slug={slug}
                  bins={d.bins}
                  total={d.total}
                  page={page}
                  pageSize={PAGE_SIZE}
                  onPage={setPage}
                  search={search}
                  onSearch={(text) => { setSearch(text); setPage(1); }}
                  busy={dashboard.isFetching}
                  canCollect={canCollect}
                  silentAfterHours={d.settings.silentAfterHours}
                />
              </div>
            </div>
            <div className="mt-6 print:hidden">
              <WasteSettingsCard settings={d.settings} canConfigure={canConfigure} />
            </div>
          </>
        )
      )}
    </>
  );
}
