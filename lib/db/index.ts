// lib/ is shared with the gateway, which runs outside Next.js, so it cannot
// use the "server-only" marker; nothing under components/ may import lib/db.
export { getDb, closeDb, dialect, sqlParam, sqlTable, sqliteTransactionConnection, type Db, type DbOrTx, type Tx } from "./client";
export { inTransaction } from "./in-transaction";
export { directReadAll, directReadOne, preparedStatement, type DirectRead } from "./direct-read";
export { SLICE_MS, yieldToRequests } from "./yield-to-requests";
export { repeatPasses } from "./repeat-passes";
// Types of stored rows: enums (closed sets of values) and the Json types.
// Type-only: both generated clients share them (one schema source).
export type { Prisma } from "../../node_modules/.prisma/portico-sqlite";
export type {
  AccountTokenPurpose,
  ActorRole,
  ApiVisibility,
  AppRequestKind,
  AppRequestStatus,
  AppStatus,
  HttpMethod,
  Lifecycle,
  MailMessageStatus,
  OrganisationStatus,
  SandboxAccountType,
  SandboxApplicationStatus,
  SandboxCardStatus,
  SandboxPaymentStatus,
  SandboxStandingOrderFrequency,
  SandboxTransactionStatus,
  SessionEndReason,
  TokenIssuer,
  UserStatus,
} from "../../node_modules/.prisma/portico-sqlite";
