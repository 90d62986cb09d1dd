import { redirect } from "next/navigation";

/** The tenant directory is the console's home; /operator/tenants (a tenant's address minus its id) leads there. */
export default function TenantsIndexPage() {
  redirect("/operator");
}
