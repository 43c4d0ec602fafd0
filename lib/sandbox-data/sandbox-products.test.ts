// Cards, FX, onboarding and credit checks in the organisation's sandbox
// data, on the database: what the seed, personas and a reset make; the
// onboarding states and decision judged against a `now` the caller passes
// (the hook for a sandbox clock); quote expiry the same way; the credit rule.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db";
import { makeDeveloperWithSandbox } from "@/lib/testing/catalog-fixtures";
import { createPersonaCustomer } from "./create-persona-customer";
import { resetSandbox } from "./reset-sandbox";
import { DEFAULT_CARD_LIMITS } from "./sandbox-cards";
import { createCreditCheck, decideCredit } from "./sandbox-credit-checks";
import { createFxQuote, findFxQuote, listFxRates, QUOTE_VALID_MS, SEED_FX_RATES } from "./sandbox-fx";
import { addApplicationDocument, createSandboxApplication, decideApplication, findSandboxApplication, ONBOARDING_REVIEW_MS, submitSandboxApplication, type Applicant } from "./sandbox-onboarding";

const applicant = (over: Partial<Applicant> = {}): Applicant => ({
  givenName: "Jane", familyName: "Doe", dateOfBirth: "1990-04-12", nationality: "GB", email: "jane@example.com",
  addressLine1: "10 Example Street", city: "London", postcode: "EC1A 1BB", country: "GB", productCode: "EVERYDAY_CURRENT", ...over,
});
const anyAccount = () => true;

describe("the seed, personas and a reset", () => {
  it("give every current and business account an active card and the organisation its FX rates; a reset restores them and drops what apps made", async () => {
    const dev = await makeDeveloperWithSandbox();
    const db = getDb();
    const cardsOf = () => db.sandboxCard.findMany({ where: { account: { organisationId: dev.organisationId } }, include: { account: true } });
    const cards = await cardsOf();
    expect(cards.map((c) => c.account.type).sort()).toEqual(dev.accounts.filter((a) => a.type !== "savings").map((a) => a.type).sort());
    for (const c of cards) {
      expect(c).toMatchObject({ status: "active", ...DEFAULT_CARD_LIMITS });
      expect(c.cardId).toMatch(/^crd_[a-z0-9]{16}$/);
      expect(c.panLastFour).toMatch(/^[0-9]{4}$/);
    }
    expect(await db.sandboxFxRate.count({ where: { organisationId: dev.organisationId } })).toBe(SEED_FX_RATES.length);

    const persona = await createPersonaCustomer({ actor: dev.actor, unverifiedInput: { persona: "multi_currency" } });
    expect(await db.sandboxCard.count({ where: { account: { accountId: { in: persona.accounts } } } })).toBe(3);

    await db.sandboxCard.updateMany({ where: { id: cards[0]!.id }, data: { status: "frozen" } });
    const gbp = dev.accounts.find((a) => a.currency === "GBP")!;
    await createFxQuote({ db, organisationId: dev.organisationId, appId: "app", sourceAccountId: gbp.accountId, sellCurrency: "GBP", buyCurrency: "EUR", sellAmountMinor: 1_00 });
    await createSandboxApplication({ db, organisationId: dev.organisationId, appId: "app", applicant: applicant() });
    await createCreditCheck({ db, organisationId: dev.organisationId, appId: "app", product: "overdraft", requestedMinor: 1_00, requestedCurrency: "GBP", termMonths: 12, incomeMinor: 1_000_00, incomeCurrency: "GBP", consentReference: "c" });
    await db.sandboxFxRate.updateMany({ where: { organisationId: dev.organisationId }, data: { midMicros: 1 } });

    await resetSandbox({ actor: dev.actor });
    const after = await cardsOf();
    expect(after.length).toBe(cards.length);
    expect(after.every((c) => c.status === "active")).toBe(true);
    expect(await db.sandboxFxQuote.count({ where: { sourceAccount: { organisationId: dev.organisationId } } })).toBe(0);
    expect(await db.sandboxApplication.count({ where: { organisationId: dev.organisationId } })).toBe(0);
    expect(await db.sandboxCreditCheck.count({ where: { organisationId: dev.organisationId } })).toBe(0);
    const rates = await listFxRates({ db, organisationId: dev.organisationId, baseCurrency: "GBP" });
    expect(rates.find((r) => r.quoteCurrency === "EUR")?.midMicros).toBe(1_168_000);
  });
});

describe("onboarding", () => {
  it("moves draft → in_review on submission, and shows the decision from decidedAt on, judged against the caller's now", async () => {
    const dev = await makeDeveloperWithSandbox();
    const db = getDb();
    const scope = { db, organisationId: dev.organisationId, appId: "app-1" };
    const t0 = new Date("2026-11-21T10:00:00Z");
    const draft = await createSandboxApplication({ ...scope, applicant: applicant({ familyName: "Refer" }), now: t0 });
    expect(draft).toMatchObject({ status: "draft", documents: [] });
    const id = draft.applicationId;
    expect((await submitSandboxApplication({ ...scope, applicationId: id, consentToChecks: true, now: t0 })).outcome).toBe("no_documents");
    expect((await addApplicationDocument({ ...scope, applicationId: id, document: { documentType: "passport", issuingCountry: "GB", expiryDate: "2031-05-30" }, now: t0 })).outcome).toBe("added");
    expect((await submitSandboxApplication({ ...scope, applicationId: id, consentToChecks: false, now: t0 })).outcome).toBe("no_consent");
    const submitted = await submitSandboxApplication({ ...scope, applicationId: id, consentToChecks: true, now: t0 });
    expect(submitted).toMatchObject({ outcome: "submitted", application: { status: "in_review", documents: [{ status: "pending" }] } });
    expect((await addApplicationDocument({ ...scope, applicationId: id, document: { documentType: "passport", issuingCountry: "GB" } })).outcome).toBe("not_draft");

    const justBefore = await findSandboxApplication({ ...scope, applicationId: id, now: new Date(t0.getTime() + ONBOARDING_REVIEW_MS - 1) });
    expect(justBefore).toMatchObject({ status: "in_review" });
    expect(justBefore?.checks).toBeUndefined();
    const decided = await findSandboxApplication({ ...scope, applicationId: id, now: new Date(t0.getTime() + ONBOARDING_REVIEW_MS) });
    expect(decided).toMatchObject({
      status: "referred",
      checks: { identity: "pass", address: "pass", sanctions: "clear", pep: "hit" },
      documents: [{ status: "verified" }],
      decidedAt: new Date(t0.getTime() + ONBOARDING_REVIEW_MS),
    });
    // Only the app that started it, in its organisation, finds it.
    expect(await findSandboxApplication({ ...scope, appId: "app-2", applicationId: id })).toBeUndefined();
    const other = await makeDeveloperWithSandbox();
    expect(await findSandboxApplication({ ...scope, organisationId: other.organisationId, applicationId: id })).toBeUndefined();
  });

  it("an approved application opens its product's account for a new customer, shown from decidedAt on; a racing second submission opens none", async () => {
    const dev = await makeDeveloperWithSandbox();
    const db = getDb();
    const scope = { db, organisationId: dev.organisationId, appId: "app-1" };
    const t0 = new Date("2026-11-21T10:00:00Z");
    const { applicationId } = await createSandboxApplication({ ...scope, applicant: applicant({ productCode: "RAINY_DAY_SAVER" }), now: t0 });
    await addApplicationDocument({ ...scope, applicationId, document: { documentType: "passport", issuingCountry: "GB" }, now: t0 });
    const accountsBefore = await db.sandboxAccount.count({ where: { organisationId: dev.organisationId } });
    const results = await Promise.all([1, 2].map(() => submitSandboxApplication({ ...scope, applicationId, consentToChecks: true, now: t0 })));
    expect(results.map((r) => r.outcome).sort()).toEqual(["not_draft", "submitted"]);
    expect(await db.sandboxAccount.count({ where: { organisationId: dev.organisationId } })).toBe(accountsBefore + 1);
    expect((await findSandboxApplication({ ...scope, applicationId, now: t0 }))?.openedAccountId).toBeUndefined();
    const decided = await findSandboxApplication({ ...scope, applicationId, now: new Date(t0.getTime() + ONBOARDING_REVIEW_MS) });
    expect(decided).toMatchObject({ status: "approved", documents: [{ status: "verified" }] });
    const opened = await db.sandboxAccount.findUniqueOrThrow({ where: { accountId: decided!.openedAccountId! }, include: { customer: true, transactions: true, cards: true } });
    expect(opened).toMatchObject({ organisationId: dev.organisationId, type: "savings", currency: "GBP", balanceMinor: 0, name: "Rainy day saver", customer: { name: "Jane Doe", persona: "onboarding" }, transactions: [], cards: [] });
    // A reset removes the opened account with its customer; the application goes too.
    await resetSandbox({ actor: dev.actor });
    expect(await db.sandboxAccount.count({ where: { id: opened.id } })).toBe(0);
  });

  it("decides by the documented rule", () => {
    const at = new Date("2026-11-21T10:00:00Z");
    const valid = [{ expiryDate: "2030-01-01" }];
    const decide = (over: Partial<Applicant>, documents = valid) => decideApplication({ applicant: applicant(over), documents, submittedAt: at });
    expect(decide({})).toEqual({ decision: "approved", checks: { identity: "pass", address: "pass", sanctions: "clear", pep: "clear" } });
    expect(decide({ givenName: "refer" }).decision).toBe("referred");
    expect(decide({ familyName: "Decline" })).toMatchObject({ decision: "declined", checks: { sanctions: "hit" } });
    expect(decide({ country: "FR" })).toMatchObject({ decision: "declined", checks: { address: "fail" } });
    expect(decide({}, [{ expiryDate: "2026-11-20" }])).toMatchObject({ decision: "declined", checks: { identity: "fail" } });
    expect(decide({}, [{ expiryDate: "2026-11-21" }, { expiryDate: "2020-01-01" }]).decision).toBe("approved");
    expect(decide({ givenName: "Refer", familyName: "Decline" }).decision).toBe("declined");
  });
});

describe("FX quotes", () => {
  it("hold their rate until expiresAt and read as expired after it, judged against the caller's now", async () => {
    const dev = await makeDeveloperWithSandbox();
    const db = getDb();
    const gbp = dev.accounts.find((a) => a.currency === "GBP")!;
    const t0 = new Date("2026-11-21T12:00:00Z");
    const made = await createFxQuote({ db, organisationId: dev.organisationId, appId: "app", sourceAccountId: gbp.accountId, sellCurrency: "GBP", buyCurrency: "JPY", sellAmountMinor: 1_000_00, now: t0 });
    if (made.outcome !== "created") throw new Error(made.outcome);
    expect(made.quote).toMatchObject({ status: "open", expiresAt: new Date(t0.getTime() + QUOTE_VALID_MS) });
    // 190.55 less 0.45%, to four places: 189.6925; 1000.00 × 189.6925 = 189692.50.
    expect(made.quote).toMatchObject({ rateMicros: 189_692_500, buyAmountMinor: 189_692_50 });
    const find = (now: Date, mayUseAccount = anyAccount) => findFxQuote({ db, organisationId: dev.organisationId, quoteId: made.quote.quoteId, mayUseAccount, now });
    expect((await find(new Date(t0.getTime() + QUOTE_VALID_MS - 1)))?.status).toBe("open");
    expect((await find(new Date(t0.getTime() + QUOTE_VALID_MS)))?.status).toBe("expired");
    expect(await find(t0, () => false)).toBeUndefined();
    expect(await createFxQuote({ db, organisationId: dev.organisationId, appId: "app", sourceAccountId: gbp.accountId, sellCurrency: "GBP", buyCurrency: "JPY", sellAmountMinor: 2_000_000_000 })).toEqual({ outcome: "too_large" });
  });
});

describe("credit decisions", () => {
  it("follow the documented rule", () => {
    const loan = (requested: number, income = 30_000_00, salaryBalanceMinor?: number) => decideCredit({ product: "personal_loan", requestedMinor: requested, incomeMinor: income, salaryBalanceMinor });
    expect(loan(12_000_00)).toEqual({ decision: "approved", indicativeApr: "7.9", maximumMinor: 12_000_00, reasons: [] });
    expect(loan(5_000_00).indicativeApr).toBe("12.9");
    expect(loan(2_999_99).indicativeApr).toBe("19.9");
    expect(loan(18_000_00)).toEqual({ decision: "referred", maximumMinor: 12_000_00, reasons: ["affordability"] });
    expect(loan(18_000_01)).toEqual({ decision: "declined", reasons: ["affordability"] });
    expect(loan(15_000_00, 30_000_00, 1)).toMatchObject({ decision: "approved", maximumMinor: 15_000_00 });
    expect(loan(1_00, 30_000_00, -1)).toEqual({ decision: "declined", reasons: ["credit_history"] });
    expect(loan(1_00, 30_050_99).maximumMinor).toBe(12_000_00);
    expect(decideCredit({ product: "overdraft", requestedMinor: 5_000_00, incomeMinor: 90_000_00 })).toEqual({ decision: "approved", indicativeApr: "39.9", maximumMinor: 5_000_00, reasons: [] });
    expect(decideCredit({ product: "overdraft", requestedMinor: 4_000_00, incomeMinor: 30_000_00 }).decision).toBe("referred");
  });
});
