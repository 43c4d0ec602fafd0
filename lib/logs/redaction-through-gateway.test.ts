// Feeds sandbox requests carrying IBANs, card numbers, account numbers and
// bearer tokens in the URL, the headers and the body through a real gateway,
// then searches every column of every stored RequestLog row for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { startGateway, type Gateway } from "@/gateway/server";
import { fetchToken, makeLiveApp } from "@/lib/testing/live-app-fixture";
import { TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";

let gateway: Gateway;
let live: Awaited<ReturnType<typeof makeLiveApp>>;

beforeAll(async () => {
  live = await makeLiveApp();
  gateway = await startGateway({ port: 0, host: "127.0.0.1", tls: null, logFlushIntervalMs: 60_000, tokenRateLimits: TEST_TOKEN_RATE_LIMITS });
});
afterAll(async () => {
  await gateway?.stop();
});

describe("request log redaction (through the gateway)", () => {
  it("stores none of the IBANs, card numbers, account numbers or tokens sent in URL, headers and body", async () => {
    const token = await fetchToken(gateway.url, live);
    const [account] = live.accounts;
    const foreignIban = "DE89370400440532013000";
    const card = "4111 1111 1111 1111";
    const cardDigits = "4111111111111111";
    const otherBearer = "pat_AAAAsecretlookingBearerValue0123456789abcdefXYZ";
    const base = `${gateway.url}/sandbox/${live.slug}/${live.version}`;
    const auth = { authorization: `Bearer ${token}` };

    const calls = [
      // account id and an IBAN in the query string, a card number in another parameter and a header
      fetch(`${base}/payments?accountId=${account!.accountId}&iban=${account!.iban}&card=${cardDigits}`, {
        headers: { ...auth, "x-card-number": card, "x-forwarded-authorization": `Bearer ${otherBearer}` },
      }),
      // the same, accepted
      fetch(`${base}/payments?accountId=${account!.accountId}`, { headers: auth }),
      // account id, a foreign IBAN and a card number in the body, a token in a header
      fetch(`${base}/payments`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "idempotency-key": "redaction-test-1", "x-api-key": otherBearer },
        body: JSON.stringify({
          debtorAccountId: account!.accountId,
          creditorName: `Card ${card}`,
          creditorIban: foreignIban,
          amount: { value: "10.00", currency: "GBP" },
          reference: cardDigits,
          endToEndId: `${account!.accountNumber} ${account!.iban}`,
        }),
      }),
      // refused calls are logged too: a bad token in the header, an IBAN in the path
      fetch(`${base}/payments/${account!.iban}`, { headers: { authorization: `Bearer ${otherBearer}` } }),
    ];
    const statuses = (await Promise.all(calls)).map((r) => r.status);
    expect(statuses[1]).toBe(200);
    expect(statuses[2]).toBe(201);
    expect(statuses[3]).toBe(401);
    await gateway.flushLogs();

    const rows = await getDb().requestLog.findMany({ where: { appId: live.appId } });
    // The refused call has no app (its token is unknown); this test's API slug is unique, so its path finds it.
    const refused = await getDb().requestLog.findMany({ where: { appId: null, path: { startsWith: `/sandbox/${live.slug}/` } } });
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(refused.map((r) => ({ method: r.method, status: r.status }))).toEqual([{ method: "GET", status: 401 }]);
    expect(refused[0]!.path).toMatch(new RegExp(`^/sandbox/${live.slug}/${live.version.replace(/\./g, "\\.")}/payments/`));
    const stored = JSON.stringify([...rows, ...refused]);
    const secrets = [
      token,
      otherBearer,
      live.secret,
      account!.iban,
      account!.accountId,
      account!.accountNumber,
      foreignIban,
      cardDigits,
      card,
    ];
    for (const secret of secrets) expect(stored, `stored logs contain ${secret}`).not.toContain(secret);
    // The URL is still useful for debugging: the route survives, the value does not.
    expect(rows.some((r) => r.path.startsWith(`/sandbox/${live.slug}/${live.version}/payments`))).toBe(true);
  });
});
