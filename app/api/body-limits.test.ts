// Unauthenticated bodies (sign-up, next-auth's sign-in callback) and every
// other portal route: refused with 413 problem+json while streaming, before
// they are buffered, and by the proxy when the declared length is too large.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as signInCallback } from "@/app/api/auth/[...nextauth]/route";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { proxy } from "@/proxy";
import { config } from "@/lib/config";
import { SIGN_IN_BODY_BYTES, SIGN_UP_BODY_BYTES } from "@/lib/auth/body-limits";

// Sign-up refuses cross-site requests (lib/auth/same-origin.ts): these come from the portal's own origin.
const PORTAL_ORIGIN = new URL(config.portalUrl).origin;
const NO_PARAMS = { params: Promise.resolve({}) };

/** A 32 MB chunked body (no Content-Length): counts what was pulled, sees the cancel. */
function endless(url: string, contentType: string) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= 32 * 1024 * 1024) return controller.close();
        seen.pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(97));
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { request: new NextRequest(url, { method: "POST", body, headers: { "content-type": contentType, origin: PORTAL_ORIGIN }, duplex: "half" } as never), seen };
}

async function expect413(response: Response, limit: number) {
  expect(response.status).toBe(413);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(await response.json()).toMatchObject({ code: "payload_too_large", detail: `The request body exceeds ${limit} bytes` });
}

describe("request body limits on the portal", () => {
  it("sign-up: a chunked body past the limit is refused with 413 and no longer read", async () => {
    const { request, seen } = endless("http://portal.test/api/signup", "application/json");
    await expect413(await signUpRoute(request, NO_PARAMS), SIGN_UP_BODY_BYTES);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(SIGN_UP_BODY_BYTES + 2 * 64 * 1024);
  });

  it("next-auth's sign-in callback: the same, before next-auth reads the body", async () => {
    const { request, seen } = endless("http://portal.test/api/auth/callback/credentials", "application/x-www-form-urlencoded");
    await expect413(await signInCallback(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }), SIGN_IN_BODY_BYTES);
    expect(seen.cancelled).toBe(true);
    expect(seen.pulled).toBeLessThanOrEqual(SIGN_IN_BODY_BYTES + 2 * 64 * 1024);
  });

  it("the proxy refuses a declared Content-Length over the path's limit before any handler runs", async () => {
    const declared = (path: string, bytes: number) => new NextRequest(`http://portal.test${path}`, { method: "POST", body: "x", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(bytes) } });
    await expect413(proxy(declared("/api/auth/callback/credentials", 300 * 1024 * 1024)), SIGN_IN_BODY_BYTES);
    await expect413(proxy(declared("/api/signup", SIGN_UP_BODY_BYTES + 1)), SIGN_UP_BODY_BYTES);
    await expect413(proxy(declared("/api/apps", 300 * 1024 * 1024)), config.maxSpecBytes + 64 * 1024);
    expect(proxy(declared("/api/signup", 200)).status).toBe(200);
    expect(proxy(declared("/api/admin/catalog/specs", config.maxSpecBytes)).status).toBe(200);
  });
});
