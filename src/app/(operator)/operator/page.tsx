import type { Metadata } from "next";
import { TenantDirectory } from "./tenant-directory";

export const metadata: Metadata = { title: "Tenants" };

export default function OperatorHome() {
  return <TenantDirectory />;
}
