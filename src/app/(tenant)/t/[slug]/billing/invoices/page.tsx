import { redirect } from "next/navigation";

/** The organisation's invoices are listed on its billing page. */
export default async function TenantInvoicesIndexPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  redirect(`/t/${slug}/billing`);
}
