import { apiRoute } from "@/lib/api/handler";
import { openApiDocument } from "@/lib/contract/openapi";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of this API. Public: it describes the API and holds no data. */
export const GET = apiRoute(async () => openApiDocument, { access: "public" });
