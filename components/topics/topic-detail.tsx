"use client";
import Link from "next/link";
import { capabilitiesFor, clusterHref, vocabularyFor } from "@/lib/client/cluster-labels";
import { useState } from "react";
import type { Job } from "@/lib/contract/jobs";
import { formatByteRateOrUnknown, formatBytes, formatInteger, formatMsgRate, formatNumber } from "@/lib/client/format";
import { historyPollMs, isNotFoundError, TOPIC_DETAIL_POLL_MS } from "@/lib/client/query-config";
import { useCluster, useTopic, useTopicHistory } from "@/lib/client/queries";
import { revealControlChars } from "@/lib/client/message-value";
import { useClusterLive } from "@/lib/client/use-live-updates";
import { useTimeWindow } from "@/lib/client/use-time-window";
import { FetchingIndicator } from "@/components/ui/loading-state";
import { PageHeader } from "@/components/ui/page-header";
import { QueryView } from "@/components/ui/query-view";
import { Section } from "@/components/ui/section";
import { Stat, StatRow } from "@/components/ui/stat";
import { ClusterStatusLine } from "@/components/clusters/cluster-status-line";
import { MessageBrowser } from "@/components/messages/message-browser";
import { LiveIndicator } from "@/components/charts/live-indicator";
import { ThroughputChart } from "@/components/charts/throughput-chart";
import { TimeWindowPicker } from "@/components/charts/time-window-picker";
import { Button } from "@/components/ui/button";
import { useDlqPermission } from "@/components/dlq/use-dlq-permission";
import { JobProgressPanel } from "@/components/jobs/job-progress";
import { PartitionsTable } from "./partitions-table";
import { ReplayDialog } from "./replay-dialog";
import { TopicRelated } from "./topic-related";

export function TopicDetailView({ clusterId, topic }: { clusterId: string; topic: string }) {
  const { cluster } = useCluster(clusterId);
  const words = vocabularyFor(cluster?.kind);
  const isStream = !capabilitiesFor(cluster?.kind).hasPartitions;
  const { mode, samplingMs } = useClusterLive(clusterId);
  const [window] = useTimeWindow();
  // Partition offsets are not pushed: polled at the sampling interval whatever the stream does (never
  // faster than TOPIC_DETAIL_POLL_MS: each read asks the broker).
  const detailPollMs = Math.max(samplingMs, TOPIC_DETAIL_POLL_MS);
  const detail = useTopic(clusterId, topic, { refetchInterval: detailPollMs });
  const history = useTopicHistory(clusterId, topic, window.id, {
    refetchInterval: historyPollMs(window.seconds, mode, samplingMs),
  });
  // Replay is an operator action (and not while the console or cluster is read-only).
  const permission = useDlqPermission(clusterId);
  const [replayOpen, setReplayOpen] = useState(false);
  const [replayJobs, setReplayJobs] = useState<Job[]>([]);
  // A topic that does not exist offers no actions, only the way back.
  const topicMissing = detail.data === undefined && isNotFoundError(detail.error);

  return (
    <>
      <PageHeader
        breadcrumbs={[
          { label: "Overview", href: "/" },
          { label: cluster?.name ?? clusterId, href: clusterHref.cluster(clusterId) },
          { label: words.topics, href: clusterHref.topics(clusterId) },
          { label: revealControlChars(topic) },
        ]}
        title={revealControlChars(topic)}
        subtitle={<ClusterStatusLine clusterId={clusterId} />}
        actions={
          topicMissing ? null : (
          <>
            {permission.allowed ? (
              <Button data-testid="replay-open" onClick={() => setReplayOpen(true)} disabled={!detail.data} title={`Copy a range of this ${words.topic} to a target`}>
                Replay…
              </Button>
            ) : null}
            <FetchingIndicator active={detail.isFetching} />
            <LiveIndicator mode={mode} samplingMs={samplingMs} />
            <TimeWindowPicker />
          </>
          )
        }
      />
      {replayJobs.map((job) => (
        <Section key={job.id} title="Replay">
          <JobProgressPanel jobId={job.id} initial={job} onDismiss={() => setReplayJobs((jobs) => jobs.filter((other) => other.id !== job.id))} />
        </Section>
      ))}
      {replayOpen && detail.data ? (
        <ReplayDialog
          clusterId={clusterId}
          topic={topic}
          clusterKind={cluster?.kind}
          partitions={detail.data.partitions}
          onClose={() => setReplayOpen(false)}
          onStarted={(job) => {
            setReplayOpen(false);
            setReplayJobs((jobs) => [job, ...jobs]);
          }}
        />
      ) : null}
      <QueryView
        query={detail}
        loadingLabel={`Loading ${words.topic}…`}
        pollMs={detailPollMs}
        notFound={<Link href={clusterHref.topics(clusterId)}>All {words.topics.toLowerCase()} of {cluster?.name ?? clusterId}</Link>}
      >
        {(data) => {
          const total = data.partitions.reduce((sum, partition) => sum + partition.messages, 0);
          return (
            <>
              <StatRow>
                {!isStream ? <Stat label="Partitions" value={formatInteger(data.partitions.length)} /> : null}
                <Stat label="Messages" value={formatNumber(total)} title={formatInteger(total)} />
                <Stat label="Size" value={formatBytes(data.bytes ?? null)} />
                <Stat label="Produced" value={formatMsgRate(data.msgsPerSec ?? null)} title="Messages produced per second, as last sampled" />
                <Stat
                  label="Bytes in"
                  value={formatByteRateOrUnknown(data.bytesPerSec ?? null)}
                  title={data.bytesPerSec == null ? "The broker does not report message sizes" : undefined}
                />
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
              <Section title="Throughput">
                <ThroughputChart
                  query={history}
                  samplingMs={samplingMs}
                  title={`Last ${window.label}`}
                  label={`Throughput of ${topic}`}
                />
              </Section>
              <TopicRelated clusterId={clusterId} topic={topic} kind={cluster?.kind} />
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
