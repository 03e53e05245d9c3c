import { apiRoute } from "@/lib/api/handler";
import { liveRequestOf, presentLiveStream } from "@/lib/presenters/live.server";

export const dynamic = "force-dynamic";

/** Server-Sent Events of every sampling cycle; `?cluster=` narrows it, Last-Event-ID resumes. */
export const GET = apiRoute(async (request) => presentLiveStream(liveRequestOf(request)));
