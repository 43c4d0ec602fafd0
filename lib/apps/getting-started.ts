// The dashboard's getting-started checklist (issue 10 item 2): create an
// app → get a secret → make a first call → try a payment, each ticked from
// what really happened in the developer's organisation, read in one query:
// the apps, their client secrets, the daily usage rollups (a 2xx sandbox
// call; lib/logs keeps them beside the request logs) and the sandbox's own
// payments (a row exists only once a payment POST succeeded).
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { getDb, sqlParam, sqlTable } from "@/lib/db";

export type GettingStarted = {
  appCreated: boolean;
  secretIssued: boolean;
  firstCall: boolean;
  paymentTried: boolean;
  /** The organisation's newest approved app, else its newest app: where the next step happens. */
  appId: string | null;
};

type Row = { app: unknown; secret: unknown; call: unknown; payment: unknown; appId: string | null };
/** EXISTS is a boolean on PostgreSQL and 0/1 (a number or bigint) on SQLite. */
const truthy = (v: unknown) => v === true || v === 1 || v === 1n;

export async function getGettingStarted(options: { actor: Actor }): Promise<GettingStarted | null> {
  const { actor } = options;
  requireRole(actor, ...getGettingStarted.roles);
  if (actor.kind !== "user" || !actor.organisationId) return null;
  const org = actor.organisationId;
  const app = sqlTable("App");
  const p = (n: number) => sqlParam(n);
  // Scoped to the caller's organisation in every subquery.
  const [row] = await getDb().$queryRawUnsafe<Row[]>(
    `SELECT
       EXISTS (SELECT 1 FROM ${app} WHERE "organisationId" = ${p(1)}) AS "app",
       EXISTS (SELECT 1 FROM ${sqlTable("ClientSecret")} s JOIN ${app} a ON a."id" = s."appId" WHERE a."organisationId" = ${p(2)}) AS "secret",
       EXISTS (SELECT 1 FROM ${sqlTable("RequestRollup")} r WHERE r."organisationId" = ${p(3)} AND r."grain" = 'day' AND r."s2xx" > 0) AS "call",
       EXISTS (SELECT 1 FROM ${sqlTable("SandboxPayment")} m JOIN ${app} a ON a."id" = m."appId" WHERE a."organisationId" = ${p(4)}) AS "payment",
       (SELECT a."id" FROM ${app} a WHERE a."organisationId" = ${p(5)} ORDER BY CASE WHEN a."status" = 'approved' THEN 0 ELSE 1 END, a."createdAt" DESC LIMIT 1) AS "appId"`,
    org, org, org, org, org,
  );
  return { appCreated: truthy(row?.app), secretIssued: truthy(row?.secret), firstCall: truthy(row?.call), paymentTried: truthy(row?.payment), appId: row?.appId ?? null };
}
getGettingStarted.roles = ["developer"] as const;
