import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { PorticoError } from "@/lib/errors";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { makeUser } from "@/lib/testing/factories";
import { createPersonaCustomer } from "./create-persona-customer";
import { PERSONA_IDS } from "./personas";
import { resetSandbox } from "./reset-sandbox";

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (error instanceof PorticoError) return error.code;
    throw error;
  }
}

async function makeApp(organisationId: string, ownerId: string, options: { accounts?: string[]; allAccounts?: boolean } = {}) {
  return getDb().app.create({
    data: {
      organisationId, ownerId, name: `App ${Math.random().toString(36).slice(2, 8)}`, status: "approved", allAccounts: options.allAccounts ?? false,
      accounts: { create: (options.accounts ?? []).map((accountId) => ({ accountId })) },
    },
  });
}

const grantOf = async (appId: string) =>
  (await getDb().appAccount.findMany({ where: { appId }, select: { account: { select: { accountId: true, organisationId: true } } } })).map((r) => r.account.accountId).sort();

describe("sandbox personas and reset", () => {
  it("creates a test customer from each persona template in the developer's own organisation, audited", async () => {
    const dev = await makeDeveloperWithSandbox();
    for (const persona of PERSONA_IDS) {
      const made = await createPersonaCustomer({ actor: dev.actor, unverifiedInput: { persona } });
      const customer = await getDb().sandboxCustomer.findUniqueOrThrow({ where: { id: made.customerId }, include: { accounts: { include: { transactions: true } } } });
      expect(customer).toMatchObject({ organisationId: dev.organisationId, persona });
      expect(customer.accounts.map((a) => a.accountId).sort()).toEqual([...made.accounts].sort());
      for (const account of customer.accounts) expect(account.transactions.length).toBeGreaterThan(5);
    }
    const overdrawn = await getDb().sandboxAccount.findFirstOrThrow({ where: { organisationId: dev.organisationId, customer: { persona: "overdrawn" } } });
    expect(overdrawn.balanceMinor).toBeLessThan(0);
    const multi = await getDb().sandboxAccount.findMany({ where: { organisationId: dev.organisationId, customer: { persona: "multi_currency" } } });
    expect(new Set(multi.map((a) => a.currency))).toEqual(new Set(["GBP", "EUR", "USD"]));
    const audit = await getDb().auditEvent.findMany({ where: { action: "sandbox.persona_create", targetId: dev.organisationId } });
    expect(audit.map((a) => (a.details as { persona: string }).persona).sort()).toEqual([...PERSONA_IDS].sort());

    expect(await codeOf(createPersonaCustomer({ actor: dev.actor, unverifiedInput: { persona: "millionaire" } }))).toBe("validation_failed");
    expect(await codeOf(createPersonaCustomer({ actor: dev.actor, unverifiedInput: { persona: "overdrawn", organisationId: "someone-else" } }))).toBe("validation_failed");
    const admin = await makeUser({ role: "admin" });
    expect(await codeOf(createPersonaCustomer({ actor: admin.actor, unverifiedInput: { persona: "overdrawn" } }))).toBe("forbidden");
    expect(await codeOf(resetSandbox({ actor: admin.actor }))).toBe("forbidden");
  });

  it("resets the organisation's sandbox to its seed in one transaction: seed accounts keep their identifiers and grants, persona accounts and their grants go, nothing widens, other organisations untouched", async () => {
    const dev = await makeDeveloperWithSandbox();
    const other = await makeDeveloperWithSandbox();
    const seed = dev.accounts;
    const persona = await createPersonaCustomer({ actor: dev.actor, unverifiedInput: { persona: "small_business" } });
    const personaAccount = await getDb().sandboxAccount.findUniqueOrThrow({ where: { accountId: persona.accounts[0]! } });
    // Money moved and history written since the seed.
    await getDb().sandboxAccount.update({ where: { id: seed[0]!.id }, data: { balanceMinor: 1 } });

    const seedOnly = await makeApp(dev.organisationId, dev.user.id, { accounts: [seed[0]!.id, seed[1]!.id] });
    const mixed = await makeApp(dev.organisationId, dev.user.id, { accounts: [seed[2]!.id, personaAccount.id] });
    const personaOnly = await makeApp(dev.organisationId, dev.user.id, { accounts: [personaAccount.id] });
    const all = await makeApp(dev.organisationId, dev.user.id, { allAccounts: true });
    const otherApp = await makeApp(other.organisationId, other.user.id, { accounts: [other.accounts[0]!.id] });
    const otherBefore = await getDb().sandboxAccount.findMany({ where: { organisationId: other.organisationId }, orderBy: { accountId: "asc" } });

    const result = await resetSandbox({ actor: dev.actor });
    expect(result).toMatchObject({ accountsDeleted: seed.length + 1, accountsCreated: seed.length, grantsKept: 3 });
    expect(result.grantsDropped.sort((x, y) => x.appId.localeCompare(y.appId))).toEqual(
      [{ appId: mixed.id, accountId: personaAccount.accountId }, { appId: personaOnly.id, accountId: personaAccount.accountId }].sort((x, y) => x.appId.localeCompare(y.appId)),
    );

    const after = await getDb().sandboxAccount.findMany({ where: { organisationId: dev.organisationId }, include: { customer: true } });
    expect(after.map((a) => a.accountId).sort()).toEqual(seed.map((a) => a.accountId).sort());
    expect(after.every((a) => a.customer.persona === null)).toBe(true);
    expect(after.map((a) => a.iban).sort()).toEqual(seed.map((a) => a.iban).sort());
    expect(after.find((a) => a.accountId === seed[0]!.accountId)!.balanceMinor).not.toBe(1);
    expect(await getDb().sandboxAccount.count({ where: { accountId: personaAccount.accountId } })).toBe(0);

    expect(await grantOf(seedOnly.id)).toEqual([seed[0]!.accountId, seed[1]!.accountId].sort());
    expect(await grantOf(mixed.id)).toEqual([seed[2]!.accountId]);
    expect(await grantOf(personaOnly.id)).toEqual([]);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: all.id } })).allAccounts).toBe(true);
    expect((await getDb().app.findUniqueOrThrow({ where: { id: personaOnly.id } })).allAccounts).toBe(false);
    expect(await grantOf(otherApp.id)).toEqual([other.accounts[0]!.accountId]);
    expect(await getDb().sandboxAccount.findMany({ where: { organisationId: other.organisationId }, orderBy: { accountId: "asc" } })).toEqual(otherBefore);

    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "sandbox.reset", targetId: dev.organisationId } });
    expect(audit.details).toMatchObject({ accountsDeleted: seed.length + 1, accountsCreated: seed.length, grantsKept: 3 });
  });

  it("rolls the whole reset back when any step fails: nothing half-written", async () => {
    const dev = await makeDeveloperWithSandbox();
    const before = await getDb().sandboxAccount.findMany({ where: { organisationId: dev.organisationId }, orderBy: { accountId: "asc" } });
    // An invalid clock makes the first transaction insert fail, after the deletes and the first customer and account ran.
    await expect(resetSandbox({ actor: dev.actor, now: new Date(Number.NaN) })).rejects.toThrow();
    const after = await getDb().sandboxAccount.findMany({ where: { organisationId: dev.organisationId }, orderBy: { accountId: "asc" } });
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(await getDb().auditEvent.count({ where: { action: "sandbox.reset", targetId: dev.organisationId } })).toBe(0);
  });
});
