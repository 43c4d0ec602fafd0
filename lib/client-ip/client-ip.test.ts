import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { makeUser, TEST_PASSWORD } from "@/lib/testing/factories";
import { CLIENT_IP_HEADER, clientIp, compileTrustedProxies, setClientIpHeader, type TrustedProxies } from "./client-ip";

const none = compileTrustedProxies([]);
const lb = compileTrustedProxies(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);

describe("clientIp", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp({ remoteAddress: "198.51.100.4", forwardedFor: "203.0.113.66", trusted: none })).toBe("198.51.100.4");
    expect(clientIp({ remoteAddress: "::ffff:198.51.100.4", forwardedFor: undefined, trusted: none })).toBe("198.51.100.4");
  });

  it("is the socket's peer when that peer is not a trusted proxy", () => {
    expect(clientIp({ remoteAddress: "198.51.100.4", forwardedFor: "203.0.113.66", trusted: lb })).toBe("198.51.100.4");
  });

  it("behind trusted proxies, is the right-most X-Forwarded-For entry that is not one of them", () => {
    // The client wrote "203.0.113.66" itself; the load balancer appended the real peer.
    expect(clientIp({ remoteAddress: "10.1.2.3", forwardedFor: "203.0.113.66, 198.51.100.4", trusted: lb })).toBe("198.51.100.4");
    expect(clientIp({ remoteAddress: "::ffff:10.1.2.3", forwardedFor: ["203.0.113.66", "198.51.100.4, 192.0.2.7"], trusted: lb })).toBe("198.51.100.4");
    expect(clientIp({ remoteAddress: "2001:db8::1", forwardedFor: "[2001:db8:ffff::9]:443, 198.51.100.4:5123", trusted: lb })).toBe("198.51.100.4");
    expect(clientIp({ remoteAddress: "10.1.2.3", forwardedFor: "10.9.9.9, 10.8.8.8", trusted: lb })).toBe("10.9.9.9");
    expect(clientIp({ remoteAddress: "10.1.2.3", forwardedFor: undefined, trusted: lb })).toBe("10.1.2.3");
    // Garbage where a trusted proxy should have written an address: stop at that proxy.
    expect(clientIp({ remoteAddress: "10.1.2.3", forwardedFor: "198.51.100.4, not-an-ip", trusted: lb })).toBe("10.1.2.3");
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or range", () => {
    expect(() => compileTrustedProxies(["proxy.internal"])).toThrow(/TRUSTED_PROXIES/);
    expect(() => compileTrustedProxies(["10.0.0.0/33"])).toThrow(/prefix/);
  });
});

describe("the portal's server and sign-in", () => {
  let server: http.Server;
  let url: string;
  let trusted: TrustedProxies = none;
  let seen: http.IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    // The portal's own server does this before Next.js sees the request (scripts/start.ts).
    server = http.createServer((req, res) => {
      setClientIpHeader(req, trusted);
      seen.push(req.headers);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function send(headers: Record<string, string>) {
    seen = [];
    await fetch(url, { headers });
    return seen[0]!;
  }

  it("records a sign-in from an untrusted peer with the socket's address, not a spoofed X-Forwarded-For", async () => {
    trusted = none;
    const spoofed = { "x-forwarded-for": "203.0.113.66", "x-real-ip": "203.0.113.67", [CLIENT_IP_HEADER]: "203.0.113.68" };
    const headers = await send(spoofed);
    expect(headers[CLIENT_IP_HEADER]).toBe("127.0.0.1");

    const developer = await makeUser({ role: "developer" });
    const provider = authOptions.providers[0] as unknown as { options: { authorize: (c: Record<string, string>, req: { headers: http.IncomingHttpHeaders }) => Promise<unknown> } };
    await provider.options.authorize({ email: developer.user.email, password: TEST_PASSWORD }, { headers });
    const signIn = await getDb().auditEvent.findFirstOrThrow({ where: { action: "user.sign_in", targetId: developer.user.id } });
    expect(signIn.sourceIp).toBe("127.0.0.1");
  });

  it("believes X-Forwarded-For as far as a trusted proxy wrote it", async () => {
    trusted = compileTrustedProxies(["127.0.0.1"]);
    expect((await send({ "x-forwarded-for": "203.0.113.66, 198.51.100.4" }))[CLIENT_IP_HEADER]).toBe("198.51.100.4");
    trusted = none;
  });
});
