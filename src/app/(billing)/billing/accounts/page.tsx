import type { Metadata } from "next";
import { AccountsList } from "./accounts-list";

export const metadata: Metadata = { title: "Billing accounts" };

export default function AccountsPage() {
  return <AccountsList />;
}
