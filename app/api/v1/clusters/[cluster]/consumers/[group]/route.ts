import { apiRoute } from "@/lib/api/handler";
import { presentConsumer } from "@/lib/presenters/consumers.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string; group: string }>(async (_request, { cluster, group }) => presentConsumer(cluster, group));
