import type { Metadata } from "next";
import { BillingDashboard } from "./billing-dashboard";

export const metadata: Metadata = { title: "Billing dashboard" };

export default function BillingHome() {
  return <BillingDashboard />;
}
