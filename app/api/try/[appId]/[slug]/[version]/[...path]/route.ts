// Try-it from the docs: same-origin, so no CORS set-up and no token in the
// browser. The session's developer, the app and the sandbox call are all
// checked in lib/try-it/forward-try-it-call.ts. Refusals (401, 404…) are
// problem+json with the same inert-download headers as answers.
import { withUser } from "@/lib/auth/route-handler";
import { readLimitedText } from "@/lib/errors/read-limited-body";
import { MAX_TRY_IT_BODY_BYTES, TRY_IT_RESPONSE_HEADERS, forwardTryItCall } from "@/lib/try-it/forward-try-it-call";

type Params = { appId: string; slug: string; version: string; path: string[] };

const forward = withUser<Params>(forwardTryItCall.roles, async ({ request, actor, params }) =>
  forwardTryItCall({
    actor,
    appId: params.appId,
    apiSlug: params.slug,
    version: params.version,
    pathSegments: params.path,
    method: request.method,
    search: new URL(request.url).search,
    headers: request.headers,
    unverifiedBody: request.method === "GET" || request.method === "HEAD" ? null : await readLimitedText(request, MAX_TRY_IT_BODY_BYTES),
  }),
);

async function handler(request: Request, context: { params: Promise<Params> }): Promise<Response> {
  const response = await forward(request, context);
  for (const [name, value] of Object.entries(TRY_IT_RESPONSE_HEADERS)) response.headers.set(name, value);
  return response;
}

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
