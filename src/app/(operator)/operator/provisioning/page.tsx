import type { Metadata } from "next";
import { ProvisioningQueue } from "./provisioning-queue";

export const metadata: Metadata = { title: "Provisioning" };

export default function ProvisioningPage() {
  return <ProvisioningQueue />;
}
