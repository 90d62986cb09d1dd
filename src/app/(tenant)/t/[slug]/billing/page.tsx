import type { Metadata } from "next";
import { TenantBilling } from "./tenant-billing";

export const metadata: Metadata = { title: "Billing" };

export default async function TenantBillingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return <TenantBilling slug={slug} />;
}
