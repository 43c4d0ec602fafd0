// RFC 6749 §5.2: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ).
// The OAuthError class is the one place that enforces it.
import { describe, expect, it } from "vitest";
import { InvalidClient, InvalidRequest, InvalidScope, UnsupportedGrantType } from "./errors";

const ALLOWED = /^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/;

describe("OAuthError descriptions", () => {
  it("keep every character of the RFC 6749 §5.2 set as it is", () => {
    let all = "";
    for (let c = 0x20; c <= 0x7e; c++) if (c !== 0x22 && c !== 0x5c) all += String.fromCharCode(c);
    expect(new InvalidRequest(all).toBody().error_description).toBe(all);
  });

  it("replace every character outside it, for every error class", () => {
    const input = 'say "hi" \\ tab\there\r\nnul\u0000 del\u007f § café € 日本';
    for (const error of [new InvalidRequest(input), new InvalidClient(input), new InvalidScope(input), new UnsupportedGrantType(input)]) {
      const { error_description } = error.toBody();
      expect(error_description).toBe("say 'hi' / tab?here??nul? del? ? cafe ? ??");
      expect(error_description).toMatch(ALLOWED);
      expect(error.description).toBe(error_description);
    }
  });

  it("never send an empty description", () => {
    expect(new InvalidRequest("").toBody().error_description).toBe("?");
  });

  it("invalid_client is a 401 with a Basic challenge (RFC 6749 §5.2, RFC 9110 §15.5.2)", () => {
    const error = new InvalidClient();
    expect(error.status).toBe(401);
    expect(error.headers).toEqual({ "www-authenticate": 'Basic realm="portico", charset="UTF-8"' });
    expect(error.toBody()).toEqual({ error: "invalid_client", error_description: "Client authentication failed" });
  });
});
