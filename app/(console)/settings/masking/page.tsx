import type { Metadata } from "next";
import { MaskingSettings } from "@/components/masking/masking-settings";

export const metadata: Metadata = { title: "Masking · Settings" };

export default function MaskingPage() {
  return <MaskingSettings />;
}
