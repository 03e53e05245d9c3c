import { apiRoute } from "@/lib/api/handler";
import { presentTopics } from "@/lib/presenters/topics.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => presentTopics(cluster));
