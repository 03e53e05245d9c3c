"use client";
import type { PartitionOffsets } from "@/lib/contract/topics";
import { formatInteger, formatRate } from "@/lib/client/format";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";

/** Offsets are shown exactly (no "12.4k"): operators copy them into the message browser. */
export function PartitionsTable({ partitions, isStream }: { partitions: PartitionOffsets[]; isStream: boolean }) {
  return (
    <DataTable
      label="Partitions"
      dense
      rows={partitions}
      rowKey={(row) => String(row.partition)}
      columns={[
        ...(isStream
          ? []
          : [{ id: "partition", header: "Partition", align: "right" as const, width: "90px", cell: (row: PartitionOffsets) => row.partition }]),
        {
          id: "low",
          header: isStream ? "First seq" : "Low",
          title: isStream ? "First sequence in the stream" : "Low watermark (earliest offset)",
          align: "right",
          className: "mono",
          cell: (row) => row.low,
        },
        {
          id: "high",
          header: isStream ? "Next seq" : "High",
          title: isStream ? "Last sequence + 1" : "High watermark (next offset)",
          align: "right",
          className: "mono",
          cell: (row) => row.high,
        },
        { id: "messages", header: "Messages", align: "right", cell: (row) => formatInteger(row.messages) },
        {
          id: "msgsPerSec",
          header: "Msgs/s",
          title: "Messages produced per second, as last sampled (— until two samples)",
          align: "right",
          cell: (row) => formatRate(row.msgsPerSec ?? null),
        },
      ]}
      empty={<EmptyState title="No partitions" />}
    />
  );
}
