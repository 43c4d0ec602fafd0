import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { curlCommand, shellQuote } from "./curl-command";

describe("copy as curl", () => {
  it("writes the request with the token as a shell variable, never a value", () => {
    const command = curlCommand({
      method: "post",
      url: "http://127.0.0.1:4100/sandbox/payments/1.2.0/payments",
      headers: { accept: "application/json", prefer: "code=422", "idempotency-key": "k-1", authorization: "Bearer leaked" },
      body: '{"note":"it\'s mine"}',
    });
    expect(command).toBe(
      [
        "curl -X POST 'http://127.0.0.1:4100/sandbox/payments/1.2.0/payments'",
        '  -H "Authorization: Bearer $ACCESS_TOKEN"',
        "  -H 'accept: application/json'",
        "  -H 'prefer: code=422'",
        "  -H 'idempotency-key: k-1'",
        `  --data '{"note":"it'\\''s mine"}'`,
      ].join(" \\\n"),
    );
    expect(command).not.toContain("leaked");
  });

  it("quotes so the shell passes every byte through unexpanded", () => {
    for (const text of ["it's", "$HOME `id` $(id)", "a\\b", "new\nline", ""]) {
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(text)}`]).toString()).toBe(text);
    }
  });
});
