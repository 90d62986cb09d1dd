import type { Metadata } from "next";
import { GatewayDetail } from "./gateway-detail";

export const metadata: Metadata = { title: "Gateway" };

export default async function GatewayPage({ params }: { params: Promise<{ gatewayEui: string }> }) {
  const { gatewayEui } = await params;
  return <GatewayDetail gatewayEui={gatewayEui} />;
}
