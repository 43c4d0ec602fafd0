// When the request log is behind, the sandbox refuses before doing the call
// (503 problem+json with Retry-After) rather than answer a call it would not
// record; once the log has caught up, calls are served (and recorded) again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { startGateway, type Gateway } from "@/gateway/server";
import { fetchToken, makeLiveApp } from "@/lib/testing/live-app-fixture";
import { TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";

let gateway: Gateway;
let live: Awaited<ReturnType<typeof makeLiveApp>>;

beforeAll(async () => {
  live = await makeLiveApp();
  // A backlog of one entry is "behind"; the timer never flushes during the test.
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, logFlushIntervalMs: 3_600_000, logHighWaterMark: 1, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
});
afterAll(async () => {
  await gateway?.stop();
});

describe("request log push-back", () => {
  it("answers 503 with Retry-After while the log is behind, and records every call it serves", async () => {
    const token = await fetchToken(gateway.url, live);
    const url = `${gateway.url}/sandbox/${live.slug}/${live.version}/payments?accountId=${live.accounts[0]!.accountId}`;
    const auth = { authorization: `Bearer ${token}` };

    const first = await fetch(url, { headers: auth });
    expect(first.status).toBe(200);
    const refused = await fetch(url, { headers: auth });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ status: 503, code: "unavailable", title: "Service unavailable", detail: "The sandbox is busy; retry shortly" });

    await gateway.flushLogs();
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    await gateway.flushLogs();
    // Two calls served, two rows; the refusal was counted, not logged.
    const rows = await getDb().requestLog.findMany({ where: { appId: live.appId } });
    expect(rows.map((r) => r.status)).toEqual([200, 200]);
  });
});
