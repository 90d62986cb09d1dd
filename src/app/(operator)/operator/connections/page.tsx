import type { Metadata } from "next";
import { ConnectionList } from "./connection-list";
import { ManagementCard } from "./management-card";

export const metadata: Metadata = { title: "Network connections" };

export default function ConnectionsPage() {
  return (
    <>
      <ConnectionList />
      <ManagementCard />
    </>
  );
}
