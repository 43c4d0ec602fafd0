// Ranking on the bundled specs (openapi/): the top hit for queries a
// developer would type, and why it matched, in words. Built from the specs
// through the real validator, so the index is exactly these APIs whatever
// else the worker's database holds.
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import type MiniSearch from "minisearch";
import { validateSpec } from "./validate-spec";
import { buildSearchIndex, type IndexEntry, type SearchDoc } from "./search-index";
import { rankHits } from "./search-catalog";

let index: MiniSearch<SearchDoc>;
const search = (query: string) => rankHits(index, query, () => true);

beforeAll(async () => {
  const entries: IndexEntry[] = [];
  // accounts-v1 is an older version of accounts-v2: the index holds each API's default version.
  for (const file of readdirSync(path.join(process.cwd(), "openapi")).filter((f) => f !== "accounts-v1.yaml")) {
    const spec = await validateSpec({ document: parse(readFileSync(path.join(process.cwd(), "openapi", file), "utf8")) });
    entries.push({
      apiId: spec.slug, slug: spec.slug, name: spec.name, summary: spec.summary, category: spec.category, version: spec.version, description: spec.description, tags: spec.tags,
      operations: spec.operations.map((o, i) => ({ id: `${spec.slug}-${i}`, operationId: o.operationId, method: o.method, path: o.path, summary: o.summary, description: o.description, tags: o.tags, fieldNames: o.fieldNames.join(" ") })),
    });
  }
  expect(entries.map((e) => e.slug).sort()).toEqual(["accounts", "cards", "credit-decisioning", "fx-rates", "onboarding", "payments"]);
  index = buildSearchIndex(entries);
});

describe("search ranking on the bundled specs", () => {
  // query → the operationId (or "api:<slug>") a developer means.
  const EXPECTED: [string, string][] = [
    ["balance", "getAccountBalances"],
    ["account balance", "getAccountBalances"],
    ["iban", "createDomesticPayment"],
    ["freeze card", "freezeCard"],
    ["freezing", "freezeCard"],
    ["unfreeze", "unfreezeCard"],
    ["card limit", "updateCardLimits"],
    ["daily limits", "updateCardLimits"],
    ["exchange rate", "api:fx-rates"],
    ["currency pair", "getRate"],
    ["firm quote", "createFxQuote"],
    ["transactions", "listTransactions"],
    ["transaction", "getTransaction"],
    ["list accounts", "listAccounts"],
    ["create payment", "createDomesticPayment"],
    ["cancel payment", "cancelPayment"],
    ["credit check", "createCreditCheck"],
    ["soft credit", "createCreditCheck"],
    ["kyc", "submitApplication"],
    ["start application", "createApplication"],
    ["identity document", "uploadIdentityDocument"],
    ["Payments API", "api:payments"],
    ["onboarding", "api:onboarding"],
    // Typos, one and two edits.
    ["freze card", "freezeCard"],
    ["creditorIbna", "createDomesticPayment"],
  ];

  it.each(EXPECTED)("%s → %s", (query, expected) => {
    const top = search(query)[0];
    expect(top && (top.kind === "api" ? `api:${top.slug}` : top.operationId)).toBe(expected);
  });

  it("does not answer “standing order” with the Cards API (“standing” is not “spending”)", () => {
    const hits = search("standing order");
    expect(hits[0]?.slug).not.toBe("cards");
    expect(hits.some((h) => h.why.join(" ").toLowerCase().includes("spending"))).toBe(false);
  });

  it("answers a query nothing in the catalogue is about with nothing", () => {
    expect(search("refund")).toEqual([]);
  });

  it("says why each hit matched, in words, never as the engine's term/field details", () => {
    const [freeze] = search("freeze card");
    expect(freeze!.why).toEqual(["matched the operation summary: “Freeze a card”", "matched the operationId freezeCard", "matched the path /cards/{cardId}/freeze"]);
    const [iban] = search("iban");
    expect(iban!.why[0]).toBe("has the field creditorIban");
    const [kyc] = search("kyc");
    expect(kyc!.why).toEqual(["matched the operation summary: “Submit for KYC checks”"]);
    // A long description is cut to the stretch around the matching word.
    const overdraft = search("overdraft").find((h) => h.kind === "api");
    expect(overdraft!.why[0]).toMatch(/^matched the API description: “.*overdraft.*”$/);
    expect(overdraft!.why[0]!.length).toBeLessThan(160);
    for (const query of ["balance", "creditorIbna", "exchange rate", "currency pair"]) {
      for (const hit of search(query)) {
        expect(hit.why.length).toBeGreaterThan(0);
        expect(hit.why.join(" ")).not.toMatch(/\((title|operationId|fieldNames|path|apiName|tags|description)(, |\))/);
      }
    }
  });
});
