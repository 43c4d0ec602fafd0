// Feeds sandbox requests carrying IBANs, card numbers, account numbers and
// bearer tokens in the URL, the headers and the body through a real gateway,
// then searches every column of every stored RequestLog row for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { startGateway, type Gateway } from "@/gateway/server";
import { fetchToken, makeLiveApp } from "@/lib/testing/live-app-fixture";
import { TEST_TOKEN_RATE_LIMITS } from "@/lib/testing/gateway-fixtures";
import { REDACTION_CORPUS } from "@/lib/errors/redaction-corpus";
import { listRequestLogs } from "./list-request-logs";

/** Case, separators and percent-encoding (also double) do not hide a secret: compare without them. */
const squash = (text: string) => {
  let out = text;
  for (let i = 0; i < 3; i++) out = out.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out.toLowerCase().replace(/[ .\-_/\\+]/g, "");
};

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
    const startedAt = new Date();
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
    // The refused call has no app (its token is unknown) and other tests of this worker share the slug, so
    // find it by its path (an item under /payments/) and by time: files of one worker run one at a time.
    const refused = await getDb().requestLog.findMany({ where: { appId: null, at: { gte: startedAt }, path: { startsWith: `/sandbox/${live.slug}/${live.version}/payments/` } } });
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

  it("shows none of the corpus's secrets on /logs (the list function) or on the server's stdout and stderr", async () => {
    const token = await fetchToken(gateway.url, live);
    const [account] = live.accounts;
    const prefix = `/sandbox/${live.slug}/${live.version}`;
    const printed: string[] = [];
    const original = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    const capture = (write: typeof process.stdout.write) => ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      printed.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString());
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stdout.write = capture(original.out);
    process.stderr.write = capture(original.err);
    try {
      const calls = REDACTION_CORPUS.filter((c) => c.secrets.length).map((c) => {
        const headers = { authorization: `Bearer ${token}` };
        if (c.kind === "query") {
          return fetch(`${gateway.url}${prefix}/payments?accountId=${account!.accountId}&${encodeURIComponent(c.query!.name)}=${encodeURIComponent(c.query!.value)}`, { headers });
        }
        if (c.kind === "path") return fetch(`${gateway.url}${c.path!.replace("/sandbox/x/1", prefix)}`, { headers });
        // Free text reaches the log as the Prefer header, which the log keeps.
        return fetch(`${gateway.url}${prefix}/payments?accountId=${account!.accountId}`, { headers: { ...headers, prefer: c.text! } });
      });
      const statuses = (await Promise.all(calls)).map((r) => r.status);
      expect(statuses.every((status) => status < 500)).toBe(true);
      await gateway.flushLogs();
    } finally {
      process.stdout.write = original.out;
      process.stderr.write = original.err;
    }

    const listed = await listRequestLogs({ actor: live.admin.actor, unverifiedFilter: { take: 200 } });
    const ours = listed.logs.filter((l) => l.path.startsWith(prefix));
    expect(ours.length).toBeGreaterThanOrEqual(REDACTION_CORPUS.filter((c) => c.secrets.length).length);
    const shown = squash(JSON.stringify(ours));
    const stdout = squash(printed.join(""));
    for (const c of REDACTION_CORPUS) {
      for (const secret of c.secrets) {
        expect(shown, `${c.name}: /logs shows ${secret}`).not.toContain(squash(secret));
        expect(stdout, `${c.name}: stdout shows ${secret}`).not.toContain(squash(secret));
      }
    }
  });
});
