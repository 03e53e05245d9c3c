import type { Metadata } from "next";
import { TokenSettings } from "@/components/auth/token-settings";

export const metadata: Metadata = { title: "API tokens · Settings" };

export default function TokensPage() {
  return <TokenSettings />;
}
