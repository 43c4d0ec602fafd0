// The stored documents written as text in pieces (write-spec-documents.ts)
// and read back in pieces (read-spec-document.ts) are the documents: equal to
// what the Prisma client reads and to the analysis's own JSON, for a spec
// larger than several pieces and with characters outside ASCII.
import { describe, expect, it } from "vitest";
import { systemActor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { analyseUpload } from "./analyse-upload";
import { generateSpec } from "./generate-spec";
import { publishSpec } from "./publish-spec";
import { readResolvedSpec } from "./read-spec-document";

describe("spec documents stored as text", () => {
  it("round-trip a large spec with non-ASCII text through publish and the route table's reader", async () => {
    const slug = `text-${Date.now().toString(36)}`;
    const spec = generateSpec({ slug, operations: 700, description: "Überweisungen — paiements, 支払い, emoji 🏦 and a \"quote\" \\ backslash" });
    const text = JSON.stringify(spec);
    const analysis = await analyseUpload({ text });
    expect(analysis.resolvedJson.length).toBeGreaterThan(3 * 256 * 1024);
    const published = await publishSpec({ actor: systemActor("test"), unverifiedSpec: text });
    const row = await getDb().apiVersion.findFirstOrThrow({ where: { apiId: published.apiId, version: "1.0.0" } });
    expect(JSON.stringify(row.specSource)).toBe(analysis.sourceJson);
    expect(JSON.stringify(row.specResolved)).toBe(analysis.resolvedJson);
    expect(row.specSha256).toBe(analysis.specSha256);
    expect(await readResolvedSpec(getDb(), row.id)).toEqual(row.specResolved);
    expect(await readResolvedSpec(getDb(), "no-such-version")).toBeUndefined();
    // A hang detector, not a budget: 700 operations are analysed (and linted by Spectral) twice, slow on a loaded machine.
  }, 300_000);
});
