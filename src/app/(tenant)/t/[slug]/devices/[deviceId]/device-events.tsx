"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorNotice, LoadingRows } from "@/components/ui/states";
import { useTRPC } from "@/trpc/react";
import { EventTable, type DeviceEvent } from "./event-table";

const POLL_MS = 2_000;

/**
 * The device's history (older pages on request) with new events added live: a `live` query polls
 * every 2 s for events after its cursor, and arrivals are announced politely to screen readers.
 */
export function DeviceEvents({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const history = useInfiniteQuery(
    trpc.deviceData.history.infiniteQueryOptions({ deviceId, limit: 25 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const [cursor, setCursor] = useState<number | null>(null);
  const [arrived, setArrived] = useState<DeviceEvent[]>([]);
  const [announcement, setAnnouncement] = useState("");
  // Live updates start after the newest event the history returned (0 when it had none), not from a
  // cursor asked for later: an event stored between the two answers would be in neither.
  const firstPage = history.data?.pages[0]?.events;
  const startAfter = firstPage ? firstPage.reduce((newest, e) => Math.max(newest, e.id), 0) : null;
  const live = useQuery({
    ...trpc.deviceData.live.queryOptions({ deviceId, afterId: cursor ?? startAfter }),
    enabled: history.isSuccess,
    refetchInterval: (query) => (query.state.status === "error" ? false : POLL_MS),
  });

  useEffect(() => {
    const data = live.data;
    if (!data) return;
    if (data.events.length) {
      setArrived((previous) => {
        const known = new Set(previous.map((e) => e.id));
        return [...data.events.filter((e) => !known.has(e.id)).reverse(), ...previous];
      });
      setAnnouncement(`${data.events.length} new event${data.events.length === 1 ? "" : "s"} received.`);
    }
    setCursor(data.cursor);
  }, [live.data]);

  const events = useMemo(() => {
    const byId = new Map<number, DeviceEvent>();
    for (const e of [...arrived, ...(history.data?.pages.flatMap((p) => p.events) ?? [])]) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id);
  }, [arrived, history.data]);
  const fresh = useMemo(() => new Set(arrived.map((e) => e.id)), [arrived]);

  if (history.isPending) return <LoadingRows rows={4} label="Loading events" />;
  if (history.error) return <ErrorNotice error={history.error} title="Events can't be shown" />;
  return (
    <div className="space-y-3">
      <p className="flex items-center gap-2 text-xs text-slate-500">
        {live.error ? (
          <span className="text-amber-800">Live updates stopped: {live.error.message}</span>
        ) : (
          <>
            <span className="relative flex size-2" aria-hidden>
              <span className="absolute inline-flex size-full animate-ping rounded-full bg-teal-400 opacity-60" />
              <span className="relative inline-flex size-2 rounded-full bg-teal-600" />
            </span>
            Live: new events appear here as they arrive.
          </>
        )}
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {events.length === 0 ? (
        <EmptyState title="Nothing heard yet">Events appear here as soon as a gateway hears the device; make sure it has joined the network.</EmptyState>
      ) : (
        <EventTable events={events} fresh={fresh} />
      )}
      {history.hasNextPage && (
        <Button variant="secondary" busy={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
          Show older events
        </Button>
      )}
    </div>
  );
}
