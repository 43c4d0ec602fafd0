// Account-opening applications in an organisation's sandbox, and their
// states: draft (documents can be attached) → in_review (submitted with at
// least one document and the applicant's consent) → the decision, which
// shows from decidedAt on (ONBOARDING_REVIEW_MS after submission, judged
// against the caller's `now`, so a sandbox clock can drive it).
// The decision (decideApplication) is a deterministic rule, documented in
// README "Sandbox bank". An approved application opens the account its
// product names, for a new customer (persona "onboarding"), with no history
// and a zero balance: shown as openedAccountId from decidedAt on. Like any
// new account it is in no app's grant but those with "all accounts".
// Security-critical: an application belongs to the app that started it
// (fictitious applicants' details are still personal in shape): every query
// is scoped to the organisation and the app in its `where`.
import { publishChange } from "@/lib/broadcast/change-bus";
import { inTransaction, type DbOrTx, type Prisma, type SandboxApplicationStatus } from "@/lib/db";
import { MAX_SANDBOX_CUSTOMERS } from "./create-persona-customer";
import { createSandboxCustomer, type AccountPlan } from "./create-sandbox-data";
import { newPublicId } from "./public-id";

/** How long the sandbox's KYC checks take: the decision shows this long after submission. */
export const ONBOARDING_REVIEW_MS = 5_000;
/** Documents one application may carry. */
export const MAX_APPLICATION_DOCUMENTS = 10;

export type Applicant = {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nationality: string;
  email: string;
  mobileNumber?: string;
  addressLine1: string;
  addressLine2?: string;
  city: string;
  postcode: string;
  country: string;
  productCode: string;
};

export type ApplicationDocument = { documentId: string; documentType: string; issuingCountry: string; status: "pending" | "verified" | "rejected" };

export type Checks = { identity: "pass" | "fail"; address: "pass" | "fail"; sanctions: "clear" | "hit"; pep: "clear" | "hit" };

export type SandboxApplication = {
  applicationId: string;
  /** As at the caller's `now`: in_review until decidedAt, then the decision. */
  status: SandboxApplicationStatus;
  productCode: string;
  givenName: string;
  familyName: string;
  documents: ApplicationDocument[];
  /** Once decided. */
  checks?: Checks;
  createdAt: Date;
  submittedAt?: Date;
  decidedAt?: Date;
  /** The account an approved application opened, once decided. */
  openedAccountId?: string;
};

/** The account each bundled product code opens; any other code opens a current account. */
const PRODUCT_ACCOUNTS: Record<string, AccountPlan> = {
  EVERYDAY_CURRENT: { name: "Everyday current account", type: "current", currency: "GBP", balance: 0 },
  RAINY_DAY_SAVER: { name: "Rainy day saver", type: "savings", currency: "GBP", balance: 0 },
  BUSINESS_CURRENT: { name: "Business current account", type: "business", currency: "GBP", balance: 0 },
};
const productAccount = (productCode: string): AccountPlan => PRODUCT_ACCOUNTS[productCode] ?? { name: "Current account", type: "current", currency: "GBP", balance: 0 };

/**
 * The sandbox's KYC decision, from the applicant and their documents at
 * submission:
 * - identity fails when every document has expired by the submission date;
 * - address fails when the residential address is outside the UK (GB);
 * - sanctions screening hits an applicant named "Decline" (given or family name);
 * - PEP screening hits an applicant named "Refer";
 * - declined on any fail or sanctions hit, else referred on a PEP hit, else approved.
 */
export function decideApplication(options: {
  applicant: { givenName: string; familyName: string; country: string };
  documents: { expiryDate: string | null }[];
  submittedAt: Date;
}): { decision: "approved" | "referred" | "declined"; checks: Checks } {
  const named = (name: string) => [options.applicant.givenName, options.applicant.familyName].some((n) => n.trim().toLowerCase() === name);
  const day = options.submittedAt.toISOString().slice(0, 10);
  const checks: Checks = {
    identity: options.documents.some((d) => d.expiryDate === null || d.expiryDate >= day) ? "pass" : "fail",
    address: options.applicant.country === "GB" ? "pass" : "fail",
    sanctions: named("decline") ? "hit" : "clear",
    pep: named("refer") ? "hit" : "clear",
  };
  const decision = checks.identity === "fail" || checks.address === "fail" || checks.sanctions === "hit" ? "declined" : checks.pep === "hit" ? "referred" : "approved";
  return { decision, checks };
}

const SELECT = {
  id: true,
  applicationId: true,
  status: true,
  decision: true,
  productCode: true,
  givenName: true,
  familyName: true,
  identityCheck: true,
  addressCheck: true,
  sanctionsCheck: true,
  pepCheck: true,
  createdAt: true,
  submittedAt: true,
  decidedAt: true,
  openedAccount: { select: { accountId: true } },
  documents: { select: { documentId: true, documentType: true, issuingCountry: true }, orderBy: [{ createdAt: "asc" as const }, { documentId: "asc" as const }] },
} satisfies Prisma.SandboxApplicationSelect;
type Row = {
  id: string;
  applicationId: string;
  status: SandboxApplicationStatus;
  decision: SandboxApplicationStatus | null;
  productCode: string;
  givenName: string;
  familyName: string;
  identityCheck: string | null;
  addressCheck: string | null;
  sanctionsCheck: string | null;
  pepCheck: string | null;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  openedAccount: { accountId: string } | null;
  documents: { documentId: string; documentType: string; issuingCountry: string }[];
};

function toApplication(row: Row, now: Date): SandboxApplication {
  const decided = row.decision !== null && row.decidedAt !== null && row.decidedAt.getTime() <= now.getTime();
  const checks = decided ? ({ identity: row.identityCheck, address: row.addressCheck, sanctions: row.sanctionsCheck, pep: row.pepCheck } as Checks) : undefined;
  const documentStatus = !checks ? "pending" : checks.identity === "pass" ? "verified" : "rejected";
  return {
    applicationId: row.applicationId,
    status: decided ? row.decision! : row.status,
    productCode: row.productCode,
    givenName: row.givenName,
    familyName: row.familyName,
    documents: row.documents.map((d) => ({ ...d, status: documentStatus })),
    ...(checks ? { checks, decidedAt: row.decidedAt! } : {}),
    ...(checks && row.openedAccount ? { openedAccountId: row.openedAccount.accountId } : {}),
    createdAt: row.createdAt,
    ...(row.submittedAt ? { submittedAt: row.submittedAt } : {}),
  };
}

type Scope = { db: DbOrTx; organisationId: string; appId: string; now?: Date };

export async function createSandboxApplication(options: Scope & { applicant: Applicant }): Promise<SandboxApplication> {
  const now = options.now ?? new Date();
  const a = options.applicant;
  const row = await options.db.sandboxApplication.create({
    data: {
      applicationId: newPublicId("app"),
      organisationId: options.organisationId,
      appId: options.appId,
      givenName: a.givenName,
      familyName: a.familyName,
      dateOfBirth: a.dateOfBirth,
      nationality: a.nationality,
      email: a.email,
      mobileNumber: a.mobileNumber ?? null,
      addressLine1: a.addressLine1,
      addressLine2: a.addressLine2 ?? null,
      city: a.city,
      postcode: a.postcode,
      country: a.country,
      productCode: a.productCode,
      createdAt: now,
    },
    select: SELECT,
  });
  return toApplication(row, now);
}

const scoped = (o: Scope & { applicationId: string }) => ({ applicationId: o.applicationId, organisationId: o.organisationId, appId: o.appId });

export async function findSandboxApplication(options: Scope & { applicationId: string }): Promise<SandboxApplication | undefined> {
  const row = await options.db.sandboxApplication.findFirst({ where: scoped(options), select: SELECT });
  return row ? toApplication(row, options.now ?? new Date()) : undefined;
}

export type AddDocumentResult =
  | { outcome: "added"; document: ApplicationDocument & { applicationId: string } }
  | { outcome: "no_such_application" }
  | { outcome: "not_draft"; status: SandboxApplicationStatus }
  | { outcome: "too_many_documents" };

/** Attaches a document to a draft application. The image is never stored: the sandbox keeps only what the decision needs. */
export async function addApplicationDocument(
  options: Scope & { applicationId: string; document: { documentType: string; issuingCountry: string; documentNumber?: string; expiryDate?: string } },
): Promise<AddDocumentResult> {
  return inTransaction(options.db, async (tx): Promise<AddDocumentResult> => {
    const application = await tx.sandboxApplication.findFirst({ where: scoped(options), select: { id: true, status: true, _count: { select: { documents: true } } } });
    if (!application) return { outcome: "no_such_application" };
    if (application.status !== "draft") return { outcome: "not_draft", status: application.status };
    if (application._count.documents >= MAX_APPLICATION_DOCUMENTS) return { outcome: "too_many_documents" };
    const d = options.document;
    const row = await tx.sandboxApplicationDocument.create({
      data: {
        documentId: newPublicId("doc"),
        applicationId: application.id,
        documentType: d.documentType,
        issuingCountry: d.issuingCountry,
        documentNumber: d.documentNumber ?? null,
        expiryDate: d.expiryDate ?? null,
        createdAt: options.now ?? new Date(),
      },
      select: { documentId: true, documentType: true, issuingCountry: true },
    });
    return { outcome: "added", document: { ...row, applicationId: options.applicationId, status: "pending" } };
  });
}

export type SubmitApplicationResult =
  | { outcome: "submitted"; application: SandboxApplication }
  | { outcome: "no_such_application" }
  | { outcome: "not_draft"; status: SandboxApplicationStatus }
  | { outcome: "no_documents" }
  | { outcome: "no_consent" };

/**
 * Submits a draft application for the KYC checks: it needs a document and
 * the applicant's consent. The decision is made now (decideApplication) and
 * shows from decidedAt; an approval opens its account in the same
 * transaction (unless the sandbox already holds MAX_SANDBOX_CUSTOMERS
 * customers: then it is approved without one). A conditional UPDATE
 * (… WHERE status = draft) makes a racing second submission see not_draft
 * and roll its account back.
 */
export async function submitSandboxApplication(options: Scope & { applicationId: string; consentToChecks: boolean }): Promise<SubmitApplicationResult> {
  const now = options.now ?? new Date();
  const result = await inTransaction(options.db, async (tx): Promise<SubmitApplicationResult & { opened?: boolean }> => {
    const application = await tx.sandboxApplication.findFirst({
      where: scoped(options),
      select: { id: true, status: true, givenName: true, familyName: true, country: true, productCode: true, documents: { select: { expiryDate: true } } },
    });
    if (!application) return { outcome: "no_such_application" };
    if (application.status !== "draft") return { outcome: "not_draft", status: application.status };
    if (!application.documents.length) return { outcome: "no_documents" };
    if (!options.consentToChecks) return { outcome: "no_consent" };
    const { decision, checks } = decideApplication({ applicant: application, documents: application.documents, submittedAt: now });
    const decidedAt = new Date(now.getTime() + ONBOARDING_REVIEW_MS);
    let openedAccountId: string | null = null;
    if (decision === "approved" && (await tx.sandboxCustomer.count({ where: { organisationId: options.organisationId } })) < MAX_SANDBOX_CUSTOMERS) {
      const opened = await createSandboxCustomer({
        tx,
        organisationId: options.organisationId,
        plan: { name: `${application.givenName} ${application.familyName}`.slice(0, 80), accounts: [productAccount(application.productCode)] },
        persona: "onboarding",
        history: false,
        now: decidedAt,
      });
      openedAccountId = opened.accounts[0]!.id;
    }
    const { count } = await tx.sandboxApplication.updateMany({
      where: { id: application.id, status: "draft" },
      data: {
        status: "in_review",
        decision,
        identityCheck: checks.identity,
        addressCheck: checks.address,
        sanctionsCheck: checks.sanctions,
        pepCheck: checks.pep,
        submittedAt: now,
        decidedAt,
        openedAccountId,
      },
    });
    // Lost the race: throwing rolls back the account this attempt opened.
    if (count === 0) throw new LostSubmission();
    const row = await tx.sandboxApplication.findUniqueOrThrow({ where: { id: application.id }, select: SELECT });
    return { outcome: "submitted", application: toApplication(row, now), opened: openedAccountId !== null };
  }).catch((error: unknown) => {
    if (error instanceof LostSubmission) return { outcome: "not_draft", status: "in_review" } as const;
    throw error;
  });
  if ("opened" in result && result.opened) {
    // Apps granted "all accounts" cover the new account: their cached grants are read again (after commit).
    const apps = await options.db.app.findMany({ where: { organisationId: options.organisationId, allAccounts: true }, select: { id: true } });
    for (const app of apps) await publishChange({ kind: "app", appId: app.id });
  }
  if (result.outcome !== "submitted") return result;
  return { outcome: "submitted", application: result.application };
}

class LostSubmission extends Error {}
