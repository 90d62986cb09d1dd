import { redirect } from "next/navigation";

/** An invitation link without its token (cut short by a mail program): signing in is all that is left to offer. */
export default function InviteWithoutTokenPage() {
  redirect("/sign-in");
}
