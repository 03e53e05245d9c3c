import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listConsumersQuery } from "@/lib/contract/consumers";
import { presentConsumers } from "@/lib/presenters/consumers.server";

export const dynamic = "force-dynamic";

export const GET = apiRoute<{ cluster: string }>(async (request, { cluster }) => presentConsumers(cluster, parseQuery(request, listConsumersQuery)));
