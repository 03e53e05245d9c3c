import { it } from "vitest";
import { writeFileSync } from "node:fs";
import { openApiDocument } from "@/lib/contract/openapi";
it("dumps", () => { writeFileSync(process.env.DUMP ?? "/tmp/cr/openapi-after.json", JSON.stringify(openApiDocument, null, 1)); });
