import { Badge, type BadgeTone } from "@/components/ui/badge";

const tones: Record<string, BadgeTone> = { draft: "slate", open: "blue", paid: "green", void: "slate", uncollectible: "red" };

/** An invoice's status; an open invoice past its due date reads "overdue" in red. */
export function InvoiceStatusBadge({ status, dueAt, now = new Date() }: { status: string; dueAt?: Date | string | null; now?: Date }) {
  if (status === "open" && dueAt && new Date(dueAt) < now) return <Badge tone="red">overdue</Badge>;
  return <Badge tone={tones[status] ?? "slate"}>{status}</Badge>;
}
