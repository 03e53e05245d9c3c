import { apiRoute } from "@/lib/api/handler";
import { presentTopic } from "@/lib/presenters/topics.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; topic: string }>(async (_request, { cluster, topic }) => presentTopic(cluster, topic));
