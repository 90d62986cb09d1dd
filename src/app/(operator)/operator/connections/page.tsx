import type { Metadata } from "next";
import { ConnectionList } from "./connection-list";

export const metadata: Metadata = { title: "Network connections" };

export default function ConnectionsPage() {
  return <ConnectionList />;
}
