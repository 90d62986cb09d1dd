import type { Metadata } from "next";
import { NetworkMap } from "./network-map";

export const metadata: Metadata = { title: "Network map" };

export default function NetworkMapPage() {
  return <NetworkMap />;
}
