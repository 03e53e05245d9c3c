import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listDlqMessagesQuery } from "@/lib/contract/dlq";
import { presentDlqMessages } from "@/lib/presenters/dlq.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (request, { cluster, topic }, actor) =>
  presentDlqMessages(cluster, topic, parseQuery(request, listDlqMessagesQuery), actor),
);
