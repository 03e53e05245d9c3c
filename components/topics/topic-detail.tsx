"use client";
import { clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import { formatBytes, formatInteger, formatNumber } from "@/lib/client/format";
import { TOPIC_DETAIL_POLL_MS } from "@/lib/client/query-config";
import { useCluster, useTopic } from "@/lib/client/queries";
import { revealControlChars } from "@/lib/client/message-value";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { MessageBrowser } from "@/components/messages/message-browser";
import { PartitionsTable } from "./partitions-table";

export function TopicDetailView({ clusterId, topic }: { clusterId: string; topic: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const detail = useTopic(clusterId, topic);
  const isStream = cluster?.kind === "nats";

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Overview", href: "/" },
          { label: cluster?.name ?? clusterId, href: clusterHref.topics(clusterId) },
          { label: words.topics, href: clusterHref.topics(clusterId) },
          { label: revealControlChars(topic) },
        ]}
        title={revealControlChars(topic)}
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={<FetchingIndicator active={detail.isFetching} />}
      />
      <QueryView query={detail} loadingLabel={`Loading ${words.topic}…`} pollMs={TOPIC_DETAIL_POLL_MS}>
        {(data) => {
          const total = data.partitions.reduce((sum, partition) => sum + partition.messages, 0);
          return (
            <>
              <StatRow>
                {!isStream ? <Stat label="Partitions" value={formatInteger(data.partitions.length)} /> : null}
                <Stat label="Messages" value={formatNumber(total)} title={formatInteger(total)} />
                <Stat label="Size" value={formatBytes(data.bytes ?? null)} />
                {data.subjects ? <Stat label="Subjects" value={formatInteger(data.subjects.length)} /> : null}
              </StatRow>
              {data.subjects ? (
                <Section title="Subjects">
                  {data.subjects.length === 0 ? (
                    <div className="muted">No subjects</div>
                  ) : (
                    <ul className="chip-list">
                      {data.subjects.map((subject) => (
                        <li key={subject} className="chip mono bidi-isolate">
                          {revealControlChars(subject)}
                        </li>
                      ))}
                    </ul>
                  )}
                </Section>
              ) : null}
              <Section title={isStream ? "Sequences" : "Partitions"}>
                <PartitionsTable partitions={data.partitions} isStream={isStream} />
              </Section>
              <MessageBrowser clusterId={clusterId} topic={topic} kind={cluster?.kind} partitions={data.partitions} />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
