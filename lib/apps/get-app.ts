import { getDb, type Prisma } from "@/lib/db";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { notFound } from "@/lib/errors";
import { appWhereForActor } from "./app-scope";
import { grantScopes } from "@/lib/db/json-columns";

const versionSelect = { select: { id: true, version: true, lifecycle: true, scopes: true, api: { select: { id: true, name: true, slug: true } } } } as const;

/**
 * One app with everything its pages show: the grant in force, every request
 * (newest first) with its approvals, secrets (never their hashes) and
 * certificates. Developers: own organisation only (404 otherwise).
 */
export async function getApp(options: { actor: Actor; appId: string }) {
  const { actor } = options;
  requireRole(actor, ...getApp.roles);
  const app = await getDb().app.findFirst({
    where: appWhereForActor(actor, options.appId),
    include: {
      organisation: { select: { id: true, name: true, status: true } },
      owner: { select: { id: true, name: true, email: true } },
      apis: { include: { apiVersion: versionSelect } },
      accounts: { include: { account: { include: { customer: { select: { name: true } } } } } },
      requests: {
        orderBy: { createdAt: "desc" },
        include: {
          apis: { include: { apiVersion: versionSelect } },
          accounts: { include: { account: { include: { customer: { select: { name: true } } } } } },
          approvals: { include: { admin: { select: { id: true, name: true } } }, orderBy: { createdAt: "asc" } },
        },
      },
      secrets: { select: { id: true, hint: true, createdAt: true, expiresAt: true, revokedAt: true }, orderBy: { createdAt: "desc" } },
      certificates: { where: { revokedAt: null }, orderBy: { createdAt: "desc" } },
    },
  });
  if (!app) throw notFound("App not found");
  const withScopes = <T extends { scopes: Prisma.JsonValue }>(rows: T[]) => rows.map((r) => ({ ...r, scopes: grantScopes(r.scopes) }));
  return { ...app, apis: withScopes(app.apis), requests: app.requests.map((r) => ({ ...r, apis: withScopes(r.apis) })) };
}

export type AppDetail = Awaited<ReturnType<typeof getApp>>;
getApp.roles = ["developer", "admin", "compliance"] as const;
