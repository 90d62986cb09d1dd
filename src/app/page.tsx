import { redirect } from "next/navigation";
import { getCurrentUser, homePathFor } from "@/server/auth/current-user";

export const dynamic = "force-dynamic";

/** The front door sends each person to their own console or tenant. */
export default async function Home() {
  const user = await getCurrentUser();
  redirect(user ? homePathFor(user) : "/sign-in");
}
