import type { Metadata } from "next";
import { IdempotencyStoreList } from "@/components/idempotency/store-list";

export const metadata: Metadata = { title: "Idempotency" };

export default function IdempotencyPage() {
  return <IdempotencyStoreList />;
}
