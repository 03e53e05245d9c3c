"use client";
import Link from "next/link";
import type { ClusterKind } from "@/lib/contract/common";
import { clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import { dlqHref } from "@/lib/client/dlq-filters";
import { useDlqs } from "@/lib/client/dlq-queries";
import { formatInteger } from "@/lib/client/format";
import { revealControlChars } from "@/lib/client/message-value";
import { useConsumerPage } from "@/lib/client/queries";
import { useHydrated } from "@/lib/client/use-hydrated";
import { LagStatusBadge } from "@/components/consumers/lag-status-badge";
import { Section } from "@/components/ui/section";

/** Groups shown in the "read by" line; the rest are a link to the filtered group list away. */
const GROUPS_SHOWN = 20;

/**
 * What a topic is connected to: the consumer groups reading it (with their status) and the DLQs
 * fed from it (and, for a DLQ, the topics it is fed from), each a link.
 */
export function TopicRelated({ clusterId, topic, kind }: { clusterId: string; topic: string; kind: ClusterKind | undefined }) {
  const words = vocabularyFor(kind);
  const hydrated = useHydrated();
  const readers = useConsumerPage(clusterId, { q: "", limit: GROUPS_SHOWN, cursor: null, sort: "lag", dir: "desc", topic });
  const dlqs = useDlqs(clusterId);
  const groups = hydrated ? readers.data : undefined;
  const dlqRows = hydrated ? (dlqs.data?.dlqs ?? []) : [];
  const fedFromHere = dlqRows.filter((dlq) => dlq.topic !== topic && dlq.originalTopics.includes(topic));
  const thisDlq = dlqRows.find((dlq) => dlq.topic === topic);
  return (
    <Section title="Related">
      <div className="related-links" data-testid="topic-readers">
        <span className="muted">Read by: </span>
        {groups === undefined ? <span className="muted">…</span> : null}
        {groups && groups.consumers.length === 0 ? <span className="muted">no {words.consumer.toLowerCase()} reads this {words.topic}</span> : null}
        {groups?.consumers.map((group, index) => (
          <span key={group.group} className="related-item">
            {index > 0 ? ", " : null}
            <Link href={clusterHref.consumer(clusterId, group.group)} className="bidi-isolate">
              {revealControlChars(group.group)}
            </Link>{" "}
            <LagStatusBadge status={group.status} reason={group.statusReason} />
          </span>
        ))}
        {groups && groups.total > groups.consumers.length ? (
          <Link href={`${clusterHref.consumers(clusterId)}?sort=lag`}> +{formatInteger(groups.total - groups.consumers.length)} more</Link>
        ) : null}
      </div>
      <div className="related-links" data-testid="topic-dlqs">
        <span className="muted">Dead letters go to: </span>
        {fedFromHere.length === 0 ? <span className="muted">no DLQ found for this {words.topic}</span> : null}
        {fedFromHere.map((dlq, index) => (
          <span key={dlq.topic}>
            {index > 0 ? ", " : null}
            <Link href={dlqHref.detail(clusterId, dlq.topic)} className="bidi-isolate">
              {revealControlChars(dlq.topic)}
            </Link>
            <span className="muted"> ({formatInteger(dlq.pending)} pending)</span>
          </span>
        ))}
      </div>
      {thisDlq ? (
        <div className="related-links" data-testid="topic-dlq-of">
          <span className="muted">This is a DLQ of: </span>
          {thisDlq.originalTopics.map((original, index) => (
            <span key={original}>
              {index > 0 ? ", " : null}
              <Link href={clusterHref.topic(clusterId, original)} className="bidi-isolate">
                {revealControlChars(original)}
              </Link>
            </span>
          ))}{" "}
          · <Link href={dlqHref.detail(clusterId, topic)}>Open in the DLQ view</Link>
        </div>
      ) : null}
    </Section>
  );
}
