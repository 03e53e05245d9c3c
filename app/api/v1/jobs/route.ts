import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { listJobs } from "@/lib/jobs/job-store";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  limit: z.string().regex(/^\d+$/, "limit must be a whole number").transform(Number).refine((n) => n >= 1 && n <= 200, "limit must be between 1 and 200").default(50),
  cursor: z.string().max(100).optional(),
});

export const GET = apiRoute(async (request) => listJobs(parseQuery(request, querySchema)));
