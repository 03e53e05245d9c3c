import type { Metadata } from "next";
import { ReadOnlySettings } from "@/components/auth/read-only-settings";

export const metadata: Metadata = { title: "Read-only mode · Settings" };

export default function ReadOnlyPage() {
  return <ReadOnlySettings />;
}
