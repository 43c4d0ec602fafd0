// CSRF: state-changing requests to the portal's API must come from the
// portal's own pages (Origin, or Sec-Fetch-Site where there is no Origin).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { makeUser } from "@/lib/testing/factories";
import { json, withAnyone, withUser } from "./route-handler";
import { portalOrigin } from "./same-origin";
import { sessionCookieName } from "./session-cookie";
import { sessionSecret } from "./session-secret";
import { startSession } from "./start-session";

async function signedInCookie() {
  const { user } = await makeUser();
  const { secret } = await startSession({ user });
  return `${sessionCookieName()}=${await encode({ token: { sid: secret }, secret: sessionSecret() })}`;
}

let calls = 0;
const handler = withUser("any", async () => {
  calls++;
  return json({ done: true });
});
const open = withAnyone(async () => {
  calls++;
  return json({ done: true }, 201);
});
const call = (route: typeof handler, method: string, headers: Record<string, string>) =>
  route(new Request(`${portalOrigin()}/api/things`, { method, headers }), { params: Promise.resolve({}) });

describe("cross-site request refusal", () => {
  it("refuses a state-changing request from another origin, even with a valid session", async () => {
    const cookie = await signedInCookie();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const origin of ["https://evil.example", "null", `${portalOrigin()}.evil.example`, portalOrigin().replace("http", "https")]) {
        const before = calls;
        const response = await call(handler, method, { cookie, origin });
        expect(response.status, `${method} from ${origin}`).toBe(403);
        expect(response.headers.get("content-type")).toContain("application/problem+json");
        expect(((await response.json()) as { type: string }).type).toMatch(/forbidden/);
        expect(calls).toBe(before);
      }
    }
  });

  it("accepts the portal's own origin", async () => {
    const cookie = await signedInCookie();
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect((await call(handler, method, { cookie, origin: portalOrigin() })).status).toBe(200);
    }
  });

  it("falls back to Sec-Fetch-Site when there is no Origin, and refuses a request with neither", async () => {
    const cookie = await signedInCookie();
    expect((await call(handler, "POST", { cookie, "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await call(handler, "POST", { cookie, "sec-fetch-site": "none" })).status).toBe(200);
    expect((await call(handler, "POST", { cookie, "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await call(handler, "POST", { cookie, "sec-fetch-site": "same-site" })).status).toBe(403);
    expect((await call(handler, "POST", { cookie })).status).toBe(403);
    // An Origin decides even when Sec-Fetch-Site claims otherwise.
    expect((await call(handler, "POST", { cookie, origin: "https://evil.example", "sec-fetch-site": "same-origin" })).status).toBe(403);
  });

  it("leaves reads alone", async () => {
    const cookie = await signedInCookie();
    expect((await call(handler, "GET", { cookie, origin: "https://evil.example" })).status).toBe(200);
  });

  it("makes the same check on routes open to anonymous callers (sign-up)", async () => {
    expect((await call(open, "POST", { origin: "https://evil.example" })).status).toBe(403);
    expect((await call(open, "POST", {})).status).toBe(403);
    expect((await call(open, "POST", { origin: portalOrigin() })).status).toBe(201);
  });

  it("covers every state-changing route handler under app/api but next-auth's and the management API", () => {
    const root = path.join(process.cwd(), "app", "api");
    const routes = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts"));
    const exempt = new Set([
      "auth/[...nextauth]/route.ts", // next-auth's own double-submit CSRF token
      "management/specs/route.ts", // Authorization: Bearer pmt_…, which no browser adds on its own
    ]);
    const unguarded: string[] = [];
    let checked = 0;
    for (const file of routes) {
      const source = readFileSync(path.join(root, file), "utf8");
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const declaration = new RegExp(`export\\s+(?:const\\s+${method}\\s*=\\s*(\\w+)|(?:async\\s+)?function\\s+${method}\\b|\\{[^}]*\\bas\\s+${method}\\b)`).exec(source);
        if (!declaration) continue;
        if (exempt.has(file.split(path.sep).join("/"))) continue;
        checked++;
        const wrapped = declaration[1] === "withUser" || declaration[1] === "withAnyone";
        // An alias of a local handler (try-it: one handler for every method) counts when the file builds it with withUser.
        const aliasOfGuarded = declaration[1] !== undefined && /\bwith(User|Anyone)\s*[<(]/.test(source);
        if (!wrapped && !aliasOfGuarded) unguarded.push(`${method} ${file}`);
      }
    }
    expect(unguarded).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
