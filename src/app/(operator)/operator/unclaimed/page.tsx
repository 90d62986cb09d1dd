import type { Metadata } from "next";
import { UnclaimedTraffic } from "./unclaimed-traffic";

export const metadata: Metadata = { title: "Unclaimed traffic" };

export default function UnclaimedPage() {
  return <UnclaimedTraffic />;
}
