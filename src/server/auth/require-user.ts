import "server-only";
import { redirect } from "next/navigation";
import { getCurrentUser, homePathFor, type CurrentUser } from "./current-user";

/** Layout guard: signed out → sign-in (coming back here after); signed in but not allowed → their own home. */
export async function requireUser(returnTo: string, allowed: (user: CurrentUser) => boolean): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!allowed(user)) redirect(homePathFor(user));
  return user;
}
