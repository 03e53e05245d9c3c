import type { Metadata } from "next";
import { OutboxList } from "@/components/outbox/outbox-list";

export const metadata: Metadata = { title: "Outbox" };

export default function OutboxPage() {
  return <OutboxList />;
}
