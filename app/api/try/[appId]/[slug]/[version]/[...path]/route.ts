// Try-it from the docs: same-origin, so no CORS set-up and no token in the
// browser. The session's developer, the app and the sandbox call are all
// checked in lib/try-it/forward-try-it-call.ts.
import { withUser } from "@/lib/auth/route-handler";
import { forwardTryItCall } from "@/lib/try-it/forward-try-it-call";

type Params = { appId: string; slug: string; version: string; path: string[] };

const handler = withUser<Params>(["developer"], async ({ request, actor, params }) =>
  forwardTryItCall({
    actor,
    appId: params.appId,
    apiSlug: params.slug,
    version: params.version,
    pathSegments: params.path,
    method: request.method,
    search: new URL(request.url).search,
    headers: request.headers,
    unverifiedBody: request.method === "GET" || request.method === "HEAD" ? null : await request.text(),
  }),
);

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
