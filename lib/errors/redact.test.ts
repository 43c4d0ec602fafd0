import { describe, expect, it } from "vitest";
import { redactLogEntry } from "@/lib/logs/redact-log-entry";
import { REDACTED, redactPath, redactText, redactValue, serverErrorText } from "./redact";
import { REDACTION_CORPUS, type RedactionCase } from "./redaction-corpus";

/** Case, separators and percent-encoding (also double) do not hide a secret: compare without them. */
const decode = (s: string): string => {
  let out = s;
  for (let i = 0; i < 3; i++) out = out.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
};
const squash = (s: string) => decode(s).toLowerCase().replace(/[ .\-_/\\+]/g, "");

/** What is stored (the request-log row) or printed (stdout) for a corpus case. */
function outputs(c: RedactionCase): string[] {
  const at = new Date("2026-01-01T00:00:00Z");
  const entry = { at, method: "GET", status: 200, latencyMs: 1, path: "/sandbox/x/1/p", detail: {} as Record<string, unknown> };
  if (c.kind === "query") return [JSON.stringify(redactLogEntry({ ...entry, detail: { query: { [c.query!.name]: c.query!.value } } }))];
  if (c.kind === "path") return [JSON.stringify(redactLogEntry({ ...entry, path: c.path! }))];
  return [redactText(c.text!), serverErrorText(new Error(c.text!))];
}

describe("the redaction corpus", () => {
  for (const c of REDACTION_CORPUS) {
    it(c.name, () => {
      for (const out of outputs(c)) {
        for (const secret of c.secrets) {
          expect(squash(out), `${c.name}: ${out}`).not.toContain(squash(secret));
        }
        for (const kept of c.keep ?? []) expect(out, `${c.name} keeps ${kept}`).toContain(kept);
      }
    });
  }
});

describe("redaction before storage", () => {
  it("removes token, secret, account id, IBAN and card shapes from free text, keeping the rest", () => {
    const text = "token pat_AbCdEfGhIjKlMnOp secret pcs_zzzzzzzzzzzz acc_k3d9w2qz8n6bc4yf GB33BUKB20201555555555 4111 1111 1111 1111 order 12345";
    expect(redactText(text)).toBe(`token ${REDACTED} secret ${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED} order 12345`);
  });

  it("keeps long numbers that are not card numbers (Luhn)", () => {
    expect(redactText("ref 1234567890123")).toBe("ref 1234567890123");
  });

  it("redacts by field name at any depth, and by shape in other fields", () => {
    expect(redactValue({ query: { iban: "anything", limit: "5", note: "pay acc_abcdefghijklmnop" }, headers: { Authorization: "Bearer x" } })).toEqual({
      query: { iban: REDACTED, limit: "5", note: `pay ${REDACTED}` },
      headers: { Authorization: REDACTED },
    });
  });

  it("redacts account-marked path parameters by the operation's template", () => {
    expect(redactPath({ path: "/sandbox/cards/1.0.0/cards/c_123/statements", template: "/sandbox/cards/1.0.0/cards/{cardRef}/statements", sensitiveParams: ["cardRef"] })).toBe(`/sandbox/cards/1.0.0/cards/${REDACTED}/statements`);
    expect(redactPath({ path: "/sandbox/x/1/unknown/acc_abcdefghijklmnop" })).toBe(`/sandbox/x/1/unknown/${REDACTED}`);
  });
});

describe("what the server prints about an error", () => {
  it("redacts messages, causes and next-auth's { error, ...metadata } alike, and keeps the stack for the operator", async () => {
    const { IBAN_GB, JWT, RANDOM_SECRET } = await import("./redaction-corpus");
    const cause = new Error(`query failed for ${IBAN_GB.toLowerCase()}`);
    const text = serverErrorText({ error: new Error(`bad token Bearer ${JWT}`, { cause }), providerId: "credentials", body: { password: RANDOM_SECRET } });
    for (const secret of [IBAN_GB.toLowerCase(), JWT, RANDOM_SECRET]) expect(text).not.toContain(secret);
    expect(text).toContain("credentials");
    expect(text).toMatch(/redact\.test\.ts/);
  });
});
