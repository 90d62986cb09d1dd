import type { ReactNode } from "react";
import { ProvisioningTabs } from "./provisioning-tabs";

export default function ProvisioningLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ProvisioningTabs />
      {children}
    </>
  );
}
