import type { Metadata } from "next";
import type { ReactNode } from "react";
import { MapSettingsProvider } from "@/components/maps/map-settings";
import { env } from "@/env";
import { TRPCReactProvider } from "@/trpc/react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Longreach", template: "%s · Longreach" },
  description: "The council's LoRaWAN network as a shared service",
  icons: { icon: "/favicon.svg" },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <TRPCReactProvider>
          <MapSettingsProvider value={{ tileUrl: env.MAP_STYLE_URL ?? null, attribution: env.MAP_ATTRIBUTION ?? null }}>{children}</MapSettingsProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
