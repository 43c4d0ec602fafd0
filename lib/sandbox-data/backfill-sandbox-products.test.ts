// The start-up backfill: an organisation whose sandbox predates cards and FX
// rates gets the seed's rates and a card on each current and business
// account; organisations that have them are not touched, one without
// sandbox customers gets nothing; two processes running it at once (here:
// two runs racing, in batches of one) give each exactly one set; a second
// start changes nothing.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeOrganisation } from "@/lib/testing/factories";
import { backfillSandboxProducts } from "./backfill-sandbox-products";
import { createSandboxData } from "./create-sandbox-data";
import { SEED_FX_RATES } from "./sandbox-fx";

async function seeded() {
  const org = await makeOrganisation();
  await getDb().$transaction((tx) => createSandboxData({ tx, organisationId: org.id }));
  return org.id;
}

async function products(organisationId: string) {
  const db = getDb();
  const rates = await db.sandboxFxRate.findMany({ where: { organisationId }, orderBy: { currency: "asc" } });
  const accounts = await db.sandboxAccount.findMany({ where: { organisationId }, select: { id: true, type: true, cards: { select: { cardId: true, cardholderName: true } } }, orderBy: { id: "asc" } });
  return { rates, accounts };
}

describe("backfillSandboxProducts", () => {
  it("gives an organisation that predates them its FX rates and cards, once, however many processes run it", async () => {
    const db = getDb();
    // Created before cards and FX rates existed: the same seed, without either.
    const old = await seeded();
    await db.sandboxCard.deleteMany({ where: { account: { organisationId: old } } });
    await db.sandboxFxRate.deleteMany({ where: { organisationId: old } });
    // Newer: has its own, which must stay as they are (a frozen card, a changed rate).
    const current = await seeded();
    const frozen = (await db.sandboxCard.findFirstOrThrow({ where: { account: { organisationId: current } } })).cardId;
    await db.sandboxCard.update({ where: { cardId: frozen }, data: { status: "frozen" } });
    await db.sandboxFxRate.update({ where: { organisationId_currency: { organisationId: current, currency: "EUR" } }, data: { midMicros: 1 } });
    const before = await products(current);
    // No sandbox customers: nothing to give.
    const empty = (await makeOrganisation()).id;

    const [a, b] = await Promise.all([backfillSandboxProducts({ batchSize: 1 }), backfillSandboxProducts({ batchSize: 1 })]);
    expect(a.fxRateOrganisations + b.fxRateOrganisations).toBeGreaterThanOrEqual(1);
    expect(a.cards + b.cards).toBeGreaterThanOrEqual(3);

    const after = await products(old);
    expect(after.rates.map((r) => r.currency)).toEqual(SEED_FX_RATES.map((r) => r.currency).sort());
    expect(after.accounts.map((acc) => [acc.type, acc.cards.length]).sort()).toEqual([["business", 1], ["business", 1], ["current", 1], ["current", 1], ["savings", 0]]);
    expect(after.accounts.flatMap((acc) => acc.cards.map((c) => c.cardholderName)).sort()).toEqual(["ALICE EXAMPLE", "BOB SAMPLE", "NORTHWIND TRADING LTD", "NORTHWIND TRADING LTD"]);
    expect(await products(current)).toEqual(before);
    expect((await products(empty)).rates).toEqual([]);

    // The next start: nothing more for these organisations.
    await backfillSandboxProducts();
    expect(await products(old)).toEqual(after);
  });
});
