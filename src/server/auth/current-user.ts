import "server-only";
import { getDatabase } from "@/server/db";
import { listMyTenants } from "@/server/tenancy/my-tenants";
import { findActiveUser } from "./active-user";
import { auth } from "./config";

/** The signed-in person for server components (layout guards), re-read from the database each request. */
export async function getCurrentUser() {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const db = await getDatabase();
  const user = await findActiveUser(db, userId);
  if (!user) return null;
  return { ...user, tenants: await listMyTenants(db, user.id) };
}

export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;

/** Where a person goes after signing in: their console, or their first tenant. */
export function homePathFor(user: CurrentUser): string {
  if (user.platformRole === "operator") return "/operator";
  if (user.platformRole === "billing") return "/billing";
  const first = user.tenants[0];
  return first ? `/t/${first.slug}` : "/no-tenant";
}
