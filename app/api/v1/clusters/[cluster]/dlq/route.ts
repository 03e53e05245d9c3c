import { apiRoute } from "@/lib/api/handler";
import { listDlqs } from "@/lib/dlq/list-dlqs";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }) => ({ dlqs: await listDlqs(cluster) }));
