import type { Metadata } from "next";
import { DriftCheck } from "./drift-check";

export const metadata: Metadata = { title: "Drift check" };

export default function DriftPage() {
  return <DriftCheck />;
}
