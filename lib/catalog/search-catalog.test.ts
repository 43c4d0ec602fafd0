import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { makeUser } from "@/lib/testing/factories";
import { systemActor, type Actor } from "@/lib/authz/actor";
import { publishSpec } from "./publish-spec";
import { searchCatalog } from "./search-catalog";
import { buildSearchIndex, expandTerm, loadIndexEntries } from "./search-index";
import { rankHits } from "./search-catalog";

let developer: Actor;
// The worker's database also holds what earlier test files published (the
// crash-recovery test publishes copies of payments.yaml under other slugs),
// so hits are judged among this file's own APIs.
const OWN = ["payments", "cards", "accounts"];
const own = <T extends { slug: string }>(hits: T[]) => hits.filter((h) => OWN.includes(h.slug));

beforeAll(async () => {
  developer = (await makeUser()).actor;
  for (const file of ["payments.yaml", "cards.yaml", "accounts-v2.yaml"]) {
    await publishSpec({ actor: systemActor("test"), unverifiedSpec: readFileSync(path.join(process.cwd(), "openapi", file), "utf8") });
  }
});

describe("catalogue search", () => {
  it("finds an operation by a schema property name and deep-links to it in the docs", async () => {
    const hits = own((await searchCatalog({ actor: developer, unverifiedQuery: "creditorIban" })).hits);
    expect(hits[0]).toMatchObject({ kind: "operation", slug: "payments", href: expect.stringMatching(/^\/apis\/payments\/1\.2\.0\/docs#\/operations\/(createDomesticPayment|listPayments|getPayment|cancelPayment)$/) });
    expect(hits[0]!.why.join(" ")).toContain("has the field creditorIban");
  });

  it("tolerates typos", async () => {
    const hits = own((await searchCatalog({ actor: developer, unverifiedQuery: "creditorIbna" })).hits);
    expect(hits[0]?.slug).toBe("payments");
    const freeze = own((await searchCatalog({ actor: developer, unverifiedQuery: "freze card" })).hits);
    expect(freeze[0]).toMatchObject({ operationId: "freezeCard" });
  });

  it("ranks an operationId or summary match above a passing mention", async () => {
    // Ranked over this file's three APIs only: BM25 weighs terms and field
    // lengths against the whole corpus, and the worker's database also holds
    // whatever earlier test files published, so the full index's order
    // depended on which files ran before this one.
    const entries = own(await loadIndexEntries());
    expect(entries).toHaveLength(3);
    const index = buildSearchIndex(entries);
    const search = (query: string) => rankHits(index, query, () => true);
    expect(search("list transactions")[0]).toMatchObject({ operationId: "listTransactions", slug: "accounts" });
    expect(search("/cards/{cardId}/limits")[0]).toMatchObject({ operationId: "updateCardLimits" });
    expect(search("Payments API")[0]).toMatchObject({ kind: "api", slug: "payments", href: "/apis/payments" });
  });

  it("splits camelCase so either form finds a field, as written and stemmed", () => {
    expect(expandTerm("creditorIban")).toEqual(["creditoriban", "creditor", "iban"]);
    expect(expandTerm("IBANNumber")).toEqual(["ibannumber", "ibannumb", "iban", "number"]);
    expect(expandTerm("cardLimits")).toEqual(["cardlimits", "cardlimit", "card", "limits", "limit"]);
    const index = buildSearchIndex([{ apiId: "a", slug: "s", name: "N", summary: "", category: "C", version: "1", description: "", tags: [], operations: [{ id: "o", operationId: "getThing", method: "GET", path: "/t", summary: "Get", description: "", tags: [], fieldNames: "debtorAccountId" }] }]);
    expect(rankHits(index, "debtor account", () => true)[0]?.operationId).toBe("getThing");
    expect(rankHits(index, "debtor account", () => false)).toEqual([]);
  });

  it("answers an empty query with nothing and refuses a huge one", async () => {
    expect((await searchCatalog({ actor: developer, unverifiedQuery: "   " })).hits).toEqual([]);
    await expect(searchCatalog({ actor: developer, unverifiedQuery: "x".repeat(201) })).rejects.toMatchObject({ code: "bad_request" });
  });
});
