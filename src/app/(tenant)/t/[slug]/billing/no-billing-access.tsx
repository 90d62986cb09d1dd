import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

/** Members and viewers work with devices; money is for owners and admins. */
export function NoBillingAccess({ slug, role }: { slug: string; role?: string }) {
  return (
    <EmptyState title="Billing is for owners and admins" action={<Link href={`/t/${slug}`} className="text-sm font-semibold text-teal-700 hover:underline">Back to the overview</Link>}>
      {role ? `You are ${role === "admin" ? "an" : "a"} ${role} in this organisation. ` : ""}Ask an owner or admin if you need an invoice or want to know what your devices cost.
    </EmptyState>
  );
}
