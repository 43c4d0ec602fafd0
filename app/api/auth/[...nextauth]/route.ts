// next-auth reads the sign-in callback's body in full (request.json() or
// .text()) before anything checks its size, and the request is anonymous.
// So the body is read here first, through the streamed limit (413 as soon as
// it passes SIGN_IN_BODY_BYTES), and next-auth gets a copy of what was read.
// proxy.ts refuses an oversized declared Content-Length before this runs.
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { SIGN_IN_BODY_BYTES } from "@/lib/auth/body-limits";
import { authOptions } from "@/lib/auth/options";
import { problemResponse } from "@/lib/errors";
import { readLimitedBody } from "@/lib/errors/read-limited-body";

type Context = { params: Promise<{ nextauth: string[] }> };
const handler = NextAuth(authOptions) as (request: NextRequest, context: Context) => Promise<Response>;

async function POST(request: NextRequest, context: Context): Promise<Response> {
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readLimitedBody(request, SIGN_IN_BODY_BYTES);
  } catch (error) {
    return problemResponse(error);
  }
  const headers = new Headers(request.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(body.byteLength));
  return handler(new NextRequest(request.url, { method: "POST", headers, body: body.byteLength ? body : null }), context);
}

export { handler as GET, POST };
