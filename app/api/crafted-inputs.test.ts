// Crafted bodies at the portal's route handlers: malformed JSON, other media
// types, invalid UTF-8, and — once parsed — wrong types, arrays where objects
// are expected, huge numbers, unicode and prototype keys. Each is a 4xx
// problem+json that names no internals (no stack, no file names).
import { NextRequest } from "next/server";
import { config } from "@/lib/config";
import { describe, expect, it } from "vitest";
import { POST as signUpRoute } from "@/app/api/signup/route";
import { signUp } from "@/lib/accounts/sign-up";
import { testSignUpLimiter } from "@/lib/testing/factories";
import { readJson } from "@/lib/auth/route-handler";
import { PorticoError, problemResponse } from "@/lib/errors";

// Sign-up refuses cross-site requests (lib/auth/same-origin.ts): these come from the portal's own origin.
const PORTAL_ORIGIN = new URL(config.portalUrl).origin;
const NO_PARAMS = { params: Promise.resolve({}) };

const post = (body: BodyInit, type = "application/json") => new NextRequest("http://portal.test/api/signup", { method: "POST", body, headers: { "content-type": type, origin: PORTAL_ORIGIN } });

async function expectProblem(response: Response, status: number) {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts\b|Unexpected token/);
}

describe("crafted bodies at portal route handlers", () => {
  it("refuses malformed JSON (400), another media type (415) and invalid UTF-8 (400) before doing anything", async () => {
    await expectProblem(await signUpRoute(post('{"email": '), NO_PARAMS), 400);
    await expectProblem(await signUpRoute(post("email=a@b.c", "application/x-www-form-urlencoded"), NO_PARAMS), 415);
    await expectProblem(await signUpRoute(post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), NO_PARAMS), 400);
    await expectProblem(await signUpRoute(post(""), NO_PARAMS), 400);
  });

  it("parses hostile JSON to plain data: no prototype is touched", async () => {
    const parsed = (await readJson(post('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses wrong types, arrays, huge numbers, unicode tricks and prototype keys with 422 and a pointer per field", async () => {
    const inputs: unknown[] = [
      [],
      [{ email: "a@b.example" }],
      "a string",
      12,
      null,
      // Numbers as a client sends them: parsed from text (1e400 is Infinity, 2^53 + 1 loses precision).
      JSON.parse('{"name":["x"],"email":{"$ne":null},"organisation":1e400,"password":1}'),
      JSON.parse('{"name":"x","email":"a@b.example","organisation":"Org","password":9007199254740993}'),
      { name: "\u0000\u202e", email: "\uff41@b.example", organisation: "\ud800", password: "" },
      JSON.parse('{"__proto__":{"role":"admin"},"name":"x","email":"not-an-email","organisation":"Org","password":"x"}'),
    ];
    for (const unverifiedInput of inputs) {
      const error = await signUp({ unverifiedInput, limiter: testSignUpLimiter() }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(unverifiedInput)).toBeInstanceOf(PorticoError);
      expect((error as PorticoError).status, JSON.stringify(unverifiedInput)).toBe(422);
      await expectProblem(problemResponse(error), 422);
    }
  });
});
