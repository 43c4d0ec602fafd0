// The session cookie's decryption is remembered by cookie value; what it
// remembers must never outlive the cookie's own `exp`, nor stand for a
// cookie the portal's key did not make.
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionCookieName, sessionSecretFromCookies } from "./session-cookie";
import { sessionSecret } from "./session-secret";

const jar = (value: string | undefined) => ({ get: (name: string) => (name === sessionCookieName() && value !== undefined ? { value } : undefined) });

describe("session cookie", () => {
  afterEach(() => vi.useRealTimers());

  it("reads the same cookie again from memory, and refuses it once its exp has passed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-03-01T10:00:00Z"));
    const cookie = await encode({ token: { sid: "pps_remembered" }, secret: sessionSecret(), maxAge: 60 });
    expect(await sessionSecretFromCookies(jar(cookie))).toBe("pps_remembered");
    expect(await sessionSecretFromCookies(jar(cookie))).toBe("pps_remembered");
    vi.setSystemTime(new Date("2031-03-01T10:02:00Z"));
    expect(await sessionSecretFromCookies(jar(cookie))).toBeNull();
  });

  it("refuses a cookie made with another key, a malformed one and none", async () => {
    const foreign = await encode({ token: { sid: "pps_foreign" }, secret: "another key entirely, not the portal's" });
    expect(await sessionSecretFromCookies(jar(foreign))).toBeNull();
    expect(await sessionSecretFromCookies(jar(foreign))).toBeNull();
    expect(await sessionSecretFromCookies(jar("not-a-jwt"))).toBeNull();
    expect(await sessionSecretFromCookies(jar(undefined))).toBeNull();
  });
});
