import { apiRoute } from "@/lib/api/handler";
import { listDlqs } from "@/lib/dlq/list-dlqs";
import type { ResponseOf } from "@/lib/contract/operation";
import type { listDlqs as listDlqsOperation } from "@/lib/contract/dlq";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (_request, { cluster }): Promise<ResponseOf<typeof listDlqsOperation>> => ({ dlqs: await listDlqs(cluster) }));
