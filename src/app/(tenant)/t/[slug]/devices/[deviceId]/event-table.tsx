import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { formatAirtime, formatSignal } from "../device-format";

export type DeviceEvent = inferRouterOutputs<AppRouter>["deviceData"]["history"]["events"][number];

const time = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });
const reportedFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const kindTones: Partial<Record<DeviceEvent["kind"], BadgeTone>> = { uplink: "green", join: "blue", downlink: "slate", log: "amber" };

/** Events newest first; rows in `fresh` arrived while the page was open and are highlighted. */
export function EventTable({ events, fresh }: { events: readonly DeviceEvent[]; fresh: ReadonlySet<number> }) {
  return (
    <DataTable
      caption="Events from this device, newest first"
      columns={[{ label: "Time" }, { label: "Kind" }, { label: "fCnt", numeric: true }, { label: "fPort", numeric: true }, { label: "Payload" }, { label: "Decoded" }, { label: "Signal" }, { label: "SF", numeric: true }, { label: "Gateways", numeric: true }, { label: "Airtime", numeric: true }, { label: "Credits", numeric: true }]}
      density="compact"
      textSize="xs"
    >
      {events.map((e) => (
        <tr key={e.id} className={`align-top ${fresh.has(e.id) ? "bg-teal-50" : ""}`}>
          <td className="whitespace-nowrap py-2 pr-3">
            <time dateTime={e.occurredAt.toISOString()}>{time.format(e.occurredAt)}</time>
            {e.clockSkew && <ClockSkew reportedAt={e.reportedAt} />}
          </td>
          <td className="py-2 pr-3">
            <Badge tone={kindTones[e.kind] ?? "slate"}>{e.kind}</Badge>
          </td>
          <td className="py-2 pr-3 text-right tabular-nums">{e.fCnt ?? "—"}</td>
          <td className="py-2 pr-3 text-right tabular-nums">{e.fPort ?? "—"}</td>
          <td className="max-w-40 break-all py-2 pr-3 font-mono">{e.payloadHex || <span className="text-slate-400">—</span>}</td>
          <td className="max-w-72 py-2 pr-3">
            <Decoded event={e} />
          </td>
          <td className="whitespace-nowrap py-2 pr-3">{formatSignal(e.rssi, e.snr)}</td>
          <td className="py-2 pr-3 text-right tabular-nums">{e.spreadingFactor ?? "—"}</td>
          <td className="py-2 pr-3 text-right tabular-nums" title={e.gateways.map((g) => `${g.eui}: ${formatSignal(g.rssi, g.snr)}`).join("\n") || undefined}>
            {e.gatewayCount}
          </td>
          <td className="whitespace-nowrap py-2 pr-3 text-right">{formatAirtime(e.airtimeMs)}</td>
          <td className="py-2 text-right tabular-nums">{e.credits}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The network server's time was not believable, so the event is shown (and billed) when it reached us. */
function ClockSkew({ reportedAt }: { reportedAt: Date | null }) {
  const reported = reportedAt ? `${reportedFormat.format(reportedAt)} UTC` : "an unknown time";
  return (
    <div className="mt-1 max-w-48 whitespace-normal" title="More than 5 minutes ahead of, or a day behind, the time it reached Longreach; usually a gateway clock that is wrong.">
      <Badge tone="amber">clock skew</Badge>
      <span className="mt-0.5 block text-slate-500">
        Dated <time dateTime={reportedAt?.toISOString()}>{reported}</time> by the network server; shown and billed at the time it arrived.
      </span>
    </div>
  );
}

function Decoded({ event }: { event: DeviceEvent }) {
  if (event.decodeError) return <span className="text-red-700">Codec error: {event.decodeError}</span>;
  if (event.log) return <span>{event.log.level}: {event.log.description}</span>;
  if (!event.decoded) return <span className="text-slate-400">—</span>;
  const json = JSON.stringify(event.decoded);
  if (json.length <= 60) return <code className="break-all">{json}</code>;
  return (
    <details>
      <summary className="cursor-pointer break-all">
        <code>{json.slice(0, 50)}…</code>
      </summary>
      <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2">{JSON.stringify(event.decoded, null, 2)}</pre>
    </details>
  );
}
