import type { Metadata } from "next";
import { GatewayList } from "./gateway-list";

export const metadata: Metadata = { title: "Gateways" };

export default async function GatewaysPage({ searchParams }: { searchParams: Promise<{ status?: string }> }) {
  const { status } = await searchParams;
  return <GatewayList initialStatus={status === "online" || status === "offline" ? status : ""} />;
}
