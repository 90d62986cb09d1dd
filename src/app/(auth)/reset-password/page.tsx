import { redirect } from "next/navigation";

/** A reset link without its token (cut short by a mail program): ask for a new link. */
export default function ResetPasswordWithoutTokenPage() {
  redirect("/forgot-password");
}
