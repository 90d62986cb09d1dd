import type { Metadata } from "next";
import { Adoption } from "./adoption";

export const metadata: Metadata = { title: "Adopt an application" };

export default function AdoptPage() {
  return <Adoption />;
}
