// Demo seed step: the bundled catalogue in openapi/, with the older
// Accounts version deprecated and the credit decisioning API restricted to
// Acme Payments (so dev@globex.example cannot see it).
import path from "node:path";
import { auditedChange, type AuditEntry } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import { importSpecFiles } from "./import-spec-files";
import { scorecardsSettled } from "./score-published-version";

export const DEMO_RESTRICTED = { api: "credit-decisioning", organisations: ["acme-payments"] } as const;
/**
 * Self-service in the demo: apps asking only for these are approved at once
 * (lib/apps/self-service-policy.ts). Accounts, Cards and Onboarding stay
 * under review, so the demo shows both paths (and the review flow's tests
 * keep a public API that needs an admin).
 */
export const DEMO_SELF_SERVICE = ["payments", "fx-rates"] as const;
export const DEMO_DEPRECATED = { api: "accounts", version: "1.4.0", sunsetAfterDays: 180 } as const;

export async function seedCatalog(folder = path.join(process.cwd(), "openapi")): Promise<string> {
  const actor = systemActor("demo seed");
  const results = await importSpecFiles({ actor, target: folder });
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`bundled specs failed to import:\n${failed.map((f) => `  ${f.file}: ${!f.ok ? f.error : ""}`).join("\n")}`);
  // The seed's process may end right after it: the demo's scorecards are stored before it does.
  await scorecardsSettled();
  await auditedChange({
    actor,
    roles: ["system"],
    change: async (tx) => {
      const audit: AuditEntry[] = [];
      const deprecated = await tx.apiVersion.findFirst({ where: { version: DEMO_DEPRECATED.version, api: { slug: DEMO_DEPRECATED.api }, lifecycle: "published" } });
      if (deprecated) {
        const deprecatedAt = new Date();
        const sunsetAt = new Date(deprecatedAt.getTime() + DEMO_DEPRECATED.sunsetAfterDays * 86_400_000);
        await tx.apiVersion.update({ where: { id: deprecated.id }, data: { lifecycle: "deprecated", deprecatedAt, sunsetAt } });
        audit.push({
          action: "api.lifecycle",
          targetId: deprecated.id,
          details: { api: DEMO_DEPRECATED.api, version: DEMO_DEPRECATED.version, from: "published", to: "deprecated", sunsetFrom: null, sunsetTo: sunsetAt.toISOString() },
        });
      }
      const api = await tx.api.findUnique({ where: { slug: DEMO_RESTRICTED.api } });
      if (api && api.visibility !== "restricted") {
        const orgs = await tx.organisation.findMany({ where: { slug: { in: [...DEMO_RESTRICTED.organisations] } } });
        await tx.api.update({ where: { id: api.id }, data: { visibility: "restricted" } });
        await tx.apiOrganisationAccess.createMany({ data: orgs.map((o) => ({ apiId: api.id, organisationId: o.id })) });
        audit.push({ action: "api.visibility", targetId: api.id, details: { api: api.slug, from: "registered", to: "restricted", organisations: orgs.map((o) => o.slug) } });
      }
      // Only on first seeding (never set yet): an admin's later choice is not overwritten by a restart.
      const selfService = await tx.api.findMany({ where: { slug: { in: [...DEMO_SELF_SERVICE] }, visibility: "registered", selfService: false } });
      const seededBefore = await tx.auditEvent.count({ where: { action: "api.self_service" } });
      for (const api of seededBefore ? [] : selfService) {
        await tx.api.update({ where: { id: api.id }, data: { selfService: true } });
        audit.push({ action: "api.self_service", targetId: api.id, details: { api: api.slug, from: false, to: true } });
      }
      return { result: undefined, audit, publish: [{ kind: "catalog" }] };
    },
  });
  const created = results.filter((r) => r.ok && r.result.status === "created").length;
  return `${results.length} specs (${created} new); ${DEMO_SELF_SERVICE.join(", ")} self-service; ${DEMO_DEPRECATED.api} ${DEMO_DEPRECATED.version} deprecated; ${DEMO_RESTRICTED.api} restricted to ${DEMO_RESTRICTED.organisations.join(", ")}`;
}
