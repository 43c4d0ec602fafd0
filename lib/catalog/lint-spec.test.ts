// The publish-time scorecard: Spectral's OpenAPI and OWASP rulesets on a
// spec, scored, with findings as JSON pointers; external $refs never read.
import { createServer } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { generateSpec } from "./generate-spec";
import { lintSpec, MAX_STORED_FINDINGS } from "./lint-spec";

/** A small spec that keeps most OWASP and OpenAPI rules: bounded strings, error responses, rate-limit headers, https. */
function tidySpec(): Record<string, unknown> {
  const rateHeaders = { "RateLimit-Limit": { schema: { type: "integer", format: "int32", minimum: 0, maximum: 10000 } }, "RateLimit-Reset": { schema: { type: "integer", format: "int32", minimum: 0, maximum: 10000 } } };
  const problem = { "application/problem+json": { schema: { type: "object", properties: { title: { type: "string", maxLength: 200, pattern: "^.*$" } } } } };
  return {
    openapi: "3.0.3",
    info: { title: "Tidy", version: "1.0.0", description: "A tidy API.", contact: { name: "API team", email: "api@bank.example" } },
    servers: [{ url: "https://api.bank.example", "x-internal": false }],
    tags: [{ name: "rates", description: "Rates" }],
    security: [{ bankOAuth: ["rates:read"] }],
    components: { securitySchemes: { bankOAuth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://auth.bank.example/token", scopes: { "rates:read": "Read rates" } } } } } },
    paths: {
      "/rates": {
        get: {
          operationId: "listRates",
          summary: "List rates",
          description: "Every rate.",
          tags: ["rates"],
          responses: {
            "200": { description: "Rates", headers: rateHeaders, content: { "application/json": { schema: { type: "object", properties: { rate: { type: "string", maxLength: 20, pattern: "^[0-9.]+$" } } } } } },
            "400": { description: "Bad", headers: rateHeaders, content: problem },
            "401": { description: "No token", headers: rateHeaders, content: problem },
            "429": { description: "Slow down", headers: { "Retry-After": { schema: { type: "integer", format: "int32", minimum: 0, maximum: 3600 } } }, content: problem },
            "500": { description: "Oops", content: problem },
          },
        },
      },
    },
  };
}

describe("lintSpec", () => {
  it("scores a spec by the rules it passes and points at each finding", async () => {
    const tidy = await lintSpec(tidySpec());
    const messy = tidySpec();
    const get = (messy.paths as Record<string, Record<string, Record<string, unknown>>>)["/rates"]!.get!;
    delete get.operationId;
    delete get.description;
    (messy.servers as { url: string }[])[0]!.url = "http://api.bank.example";
    const worse = await lintSpec(messy);

    expect(tidy.score).toBeGreaterThan(worse.score);
    expect(worse.score).toBeGreaterThanOrEqual(0);
    expect(tidy.score).toBeLessThanOrEqual(100);
    expect(worse.rules.failed).toBeGreaterThan(tidy.rules.failed);
    expect(worse.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: "operation-operationId", severity: "warn", pointer: "/paths/~1rates/get" }),
        expect.objectContaining({ rule: "operation-description", pointer: "/paths/~1rates/get" }),
        expect.objectContaining({ rule: "owasp:api8:2023-no-server-http", severity: "error", pointer: "/servers/0/url" }),
      ]),
    );
    // Counted per severity, failed rules listed worst first with a one-sentence description.
    expect(worse.counts.error + worse.counts.warn + worse.counts.info + worse.counts.hint).toBe(worse.findings.length + worse.omitted);
    const severities = worse.failedRules.map((r) => ["error", "warn", "info", "hint"].indexOf(r.severity));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    expect(worse.failedRules.find((r) => r.rule === "operation-operationId")).toMatchObject({ count: 1, description: 'Operation must have "operationId".' });
    expect(worse.rulesets).toHaveLength(2);
  });

  it("counts a rule once however often it fails, and keeps a bounded list of findings", async () => {
    const small = await lintSpec(generateSpec({ slug: "lint-small", operations: 4 }));
    const large = await lintSpec(generateSpec({ slug: "lint-large", operations: 20 }));
    expect(large.findings).toHaveLength(MAX_STORED_FINDINGS);
    expect(large.omitted).toBeGreaterThan(0);
    expect(large.counts.error + large.counts.warn).toBeGreaterThan(small.counts.error + small.counts.warn);
    // Same kinds of problems, five times as many operations: the same score.
    expect(large.score).toBe(small.score);
  });

  it("never reads a file or fetches a URL that a $ref names", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "lint-ref-"));
    const secretFile = path.join(dir, "secret.json");
    writeFileSync(secretFile, JSON.stringify({ type: "object", properties: { leaked: { type: "string", description: "FILE-CONTENT-MARKER" } } }));
    let fetched = 0;
    const server = createServer((_req, res) => {
      fetched++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ type: "object", description: "URL-CONTENT-MARKER" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const spec = tidySpec();
      const ok = (spec.paths as Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: unknown }> }> }>>)["/rates"]!.get!.responses;
      ok["200"]!.content["application/json"]!.schema = { $ref: `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json` };
      ok["400"]!.content["application/problem+json"]!.schema = { $ref: `file://${secretFile}` };
      const scorecard = await lintSpec(spec);
      expect(fetched).toBe(0);
      expect(JSON.stringify(scorecard)).not.toMatch(/FILE-CONTENT-MARKER|URL-CONTENT-MARKER/);
    } finally {
      server.close();
    }
  });
});
