import type { Metadata } from "next";
import { MetricsSourceList } from "@/components/processing/source-list";

export const metadata: Metadata = { title: "Processing" };

export default function ProcessingPage() {
  return <MetricsSourceList />;
}
