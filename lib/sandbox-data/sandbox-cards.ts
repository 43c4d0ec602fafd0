// Debit cards on an organisation's sandbox accounts, with their controls:
// freezing, unfreezing and daily limits persist, and each freeze or unfreeze
// is announced (card.frozen) inside its own transaction, as payments are.
// Security-critical: every query is scoped to the calling organisation in its
// `where`, and a card counts only if its account passes `mayUseAccount` (the
// app's grant, from lib/sandbox): another organisation's card id, or a card
// on an account outside the grant, finds nothing.
import { randomInt } from "node:crypto";
import { inTransaction, type DbOrTx, type SandboxCardStatus, type Tx } from "@/lib/db";
import { newPublicId } from "./public-id";

export type SandboxCard = {
  cardId: string;
  accountId: string;
  cardholderName: string;
  panLastFour: string;
  scheme: string;
  status: SandboxCardStatus;
  expiryMonth: number;
  expiryYear: number;
  dailyPurchaseMinor: number;
  dailyCashWithdrawalMinor: number;
  /** The account's currency: limits are in it. */
  currency: string;
};

const SELECT = {
  id: true,
  cardId: true,
  cardholderName: true,
  panLastFour: true,
  scheme: true,
  status: true,
  expiryMonth: true,
  expiryYear: true,
  dailyPurchaseMinor: true,
  dailyCashWithdrawalMinor: true,
  account: { select: { accountId: true, currency: true } },
} as const;
type Row = Omit<SandboxCard, "accountId" | "currency"> & { id: string; account: { accountId: string; currency: string } };
const toCard = ({ id: _id, account, ...row }: Row): SandboxCard => ({ ...row, accountId: account.accountId, currency: account.currency });

/** A card's default limits, in minor units, as a new card gets them. */
export const DEFAULT_CARD_LIMITS = { dailyPurchaseMinor: 1_500_00, dailyCashWithdrawalMinor: 300_00 };

/** One active card on each current and business account given (savings accounts have none), in the holder's name. */
export async function createSandboxCards(options: { tx: Tx; accounts: { id: string; type: string; holder: string }[]; now?: Date }) {
  const now = options.now ?? new Date();
  const data = options.accounts
    .filter((a) => a.type !== "savings")
    .map((a) => ({
      cardId: newPublicId("crd"),
      accountId: a.id,
      cardholderName: a.holder.toUpperCase().slice(0, 26),
      panLastFour: String(randomInt(10_000)).padStart(4, "0"),
      scheme: randomInt(2) ? "visa" : "mastercard",
      expiryMonth: randomInt(1, 13),
      expiryYear: now.getUTCFullYear() + 3,
      ...DEFAULT_CARD_LIMITS,
    }));
  if (data.length) await options.tx.sandboxCard.createMany({ data });
  return data.length;
}

/** The cards on one of the organisation's accounts, oldest first. The caller has checked the account against the grant. */
export async function listSandboxCards(options: { db: DbOrTx; organisationId: string; accountId: string }): Promise<SandboxCard[] | undefined> {
  const account = await options.db.sandboxAccount.findFirst({ where: { accountId: options.accountId, organisationId: options.organisationId }, select: { id: true } });
  if (!account) return undefined;
  const rows = await options.db.sandboxCard.findMany({ where: { accountId: account.id }, orderBy: [{ createdAt: "asc" }, { cardId: "asc" }], select: SELECT });
  return rows.map(toCard);
}

async function findRow(db: DbOrTx, options: { organisationId: string; cardId: string; mayUseAccount: (accountId: string) => boolean }) {
  const row = await db.sandboxCard.findFirst({ where: { cardId: options.cardId, account: { organisationId: options.organisationId } }, select: SELECT });
  return row && options.mayUseAccount(row.account.accountId) ? row : undefined;
}

export async function findSandboxCard(options: { db: DbOrTx; organisationId: string; cardId: string; mayUseAccount: (accountId: string) => boolean }): Promise<SandboxCard | undefined> {
  const row = await findRow(options.db, options);
  return row ? toCard(row) : undefined;
}

/** A card that was frozen or unfrozen, not yet committed. */
export type CardFreezeChange = { card: SandboxCard; previousStatus: SandboxCardStatus; reason?: string };
/** Called inside the change's transaction; throwing rolls the change back with it. */
export type AnnounceCardChange = (tx: Tx, change: CardFreezeChange) => Promise<void>;

export type CardControlResult =
  | { outcome: "changed" | "unchanged"; card: SandboxCard }
  | { outcome: "no_such_card" }
  | { outcome: "not_usable"; status: SandboxCardStatus };

/**
 * Freezes (or unfreezes) a card. Freezing a frozen card, or unfreezing an
 * active one, changes nothing and announces nothing (a retry is safe);
 * cancelled and expired cards can be neither. The status moves with one
 * conditional UPDATE (… WHERE status = the one read), so two racing calls
 * announce one change.
 */
export async function setSandboxCardFrozen(options: {
  db: DbOrTx;
  organisationId: string;
  cardId: string;
  mayUseAccount: (accountId: string) => boolean;
  frozen: boolean;
  reason?: string;
  announce: AnnounceCardChange;
}): Promise<CardControlResult> {
  const to: SandboxCardStatus = options.frozen ? "frozen" : "active";
  const from: SandboxCardStatus = options.frozen ? "active" : "frozen";
  return inTransaction(options.db, async (tx): Promise<CardControlResult> => {
    const row = await findRow(tx, options);
    if (!row) return { outcome: "no_such_card" };
    if (row.status === to) return { outcome: "unchanged", card: toCard(row) };
    if (row.status !== from) return { outcome: "not_usable", status: row.status };
    const { count } = await tx.sandboxCard.updateMany({ where: { id: row.id, status: from }, data: { status: to } });
    if (count === 0) return { outcome: "unchanged", card: toCard({ ...row, status: to }) };
    const card = toCard({ ...row, status: to });
    await options.announce(tx, { card, previousStatus: from, ...(options.reason ? { reason: options.reason } : {}) });
    return { outcome: "changed", card };
  });
}

export type CardLimitsResult = { outcome: "changed"; card: SandboxCard } | { outcome: "no_such_card" } | { outcome: "not_usable"; status: SandboxCardStatus } | { outcome: "currency_mismatch"; accountCurrency: string };

/** Sets a card's daily limits, in the card's (its account's) currency; a cancelled or expired card keeps its limits. */
export async function updateSandboxCardLimits(options: {
  db: DbOrTx;
  organisationId: string;
  cardId: string;
  mayUseAccount: (accountId: string) => boolean;
  dailyPurchaseMinor: number;
  dailyCashWithdrawalMinor: number;
  currency: string;
}): Promise<CardLimitsResult> {
  return inTransaction(options.db, async (tx): Promise<CardLimitsResult> => {
    const row = await findRow(tx, options);
    if (!row) return { outcome: "no_such_card" };
    if (row.status === "cancelled" || row.status === "expired") return { outcome: "not_usable", status: row.status };
    if (row.account.currency !== options.currency) return { outcome: "currency_mismatch", accountCurrency: row.account.currency };
    const limits = { dailyPurchaseMinor: options.dailyPurchaseMinor, dailyCashWithdrawalMinor: options.dailyCashWithdrawalMinor };
    await tx.sandboxCard.update({ where: { id: row.id }, data: limits });
    return { outcome: "changed", card: toCard({ ...row, ...limits }) };
  });
}
