import type { Metadata } from "next";
import { TraceView } from "@/components/trace/trace-view";

export const metadata: Metadata = { title: "Trace" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function TracePage({ searchParams }: { searchParams: SearchParams }) {
  const search = await searchParams;
  const id = first(search.id)?.trim() ?? "";
  const initial = id ? { id, cluster: first(search.cluster) || null, topic: first(search.topic) || null } : null;
  return <TraceView key={JSON.stringify(initial)} initial={initial} />;
}
