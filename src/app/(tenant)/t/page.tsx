import { redirect } from "next/navigation";

/** /t alone names no organisation: the home page sends each person to theirs. */
export default function TenantsRootPage() {
  redirect("/");
}
