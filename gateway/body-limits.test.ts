// Bodies at the gateway are counted while they stream in: a chunked body
// (no Content-Length) past the route's limit is answered 413 problem+json
// and the connection is closed, without reading the rest.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeApiVersion, makeApprovedApp, makeOrganisationWithAccounts } from "@/lib/testing/gateway-fixtures";
import { startGateway, type Gateway } from "./server";
import { fetchToken } from "@/lib/testing/live-app-fixture";

let gateway: Gateway;
let token: string;
let sandboxPath: string;

const TOTAL = 256 * 1024 * 1024;

/** Streams up to 256 MB, chunked, honouring back-pressure, until the server answers or closes. */
function sendChunked(path: string, headers: Record<string, string>): Promise<{ status: number; body: string; sent: number }> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, 97);
    const req = http.request({ host: url.hostname, port: url.port, method: "POST", path, headers: { ...headers, "transfer-encoding": "chunked" } }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on("data", (d: Buffer) => parts.push(d));
      res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString(), sent }));
      res.on("error", reject);
    });
    req.on("error", (error) => (answered ? undefined : reject(error)));
    const pump = () => {
      while (!answered && sent < TOTAL) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

beforeAll(async () => {
  const { version, slug, versionName } = await makeApiVersion();
  const org = await makeOrganisationWithAccounts({ accounts: 1 });
  const app = await makeApprovedApp({ organisationId: org.organisation.id, ownerId: org.owner.id, apiVersionId: version.id, scopes: ["payments:write"], allAccounts: true });
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, rateLimitPerMinute: 10_000 });
  sandboxPath = `/sandbox/${slug}/${versionName}/payments`;
  token = await fetchToken(gateway.url, { clientId: app.clientId, secret: app.clientSecret }, "payments:write");
});

afterAll(async () => {
  await gateway?.stop();
});

describe("gateway body limits while streaming", () => {
  it("the token endpoint answers 413 to a chunked form past 16 KB and stops reading it", async () => {
    const { status, body, sent } = await sendChunked("/oauth2/token", { "content-type": "application/x-www-form-urlencoded" });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: "payload_too_large", detail: "The request body exceeds 16384 bytes" });
    // The server stopped reading: far less than the 256 MB went out (only what the sockets buffered).
    expect(sent).toBeLessThan(TOTAL / 4);
  });

  it("the sandbox answers 413 to a chunked JSON body past its limit and stops reading it", async () => {
    const { status, body, sent } = await sendChunked(sandboxPath, { "content-type": "application/json", authorization: `Bearer ${token}` });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: "payload_too_large", detail: "The request body exceeds 262144 bytes" });
    expect(sent).toBeLessThan(TOTAL / 4);
  });
});
