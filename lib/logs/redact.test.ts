import { describe, expect, it } from "vitest";
import { REDACTED, redactPath, redactText, redactValue } from "./redact";

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
