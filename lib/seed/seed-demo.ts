// Demo data for the embedded default: organisations, people, the bundled
// catalogue, sandbox customers and accounts, and a ready-to-use sandbox app.
// Runs once, on a database with no users; every step is idempotent.
import { getDb } from "@/lib/db";
import { auditedChange, type AuditEntry } from "@/lib/audit/audited-change";
import { systemActor } from "@/lib/authz/actor";
import { hashPassword } from "@/lib/accounts/password";
import { DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { seedCatalog } from "@/lib/catalog/seed-catalog";
import { seedSandboxData } from "@/lib/sandbox-data/seed-sandbox-data";
import { seedQuickStartApp } from "./seed-quick-start-app";

export type SeedStep = { name: string; run: () => Promise<string | void> };

async function seedPeople(): Promise<string> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await auditedChange({
    actor: systemActor("demo seed"),
    roles: ["system"],
    change: async (tx) => {
      const audit: AuditEntry[] = [];
      for (const org of DEMO_ORGANISATIONS) {
        await tx.organisation.upsert({ where: { slug: org.slug }, create: org, update: {} });
      }
      for (const u of DEMO_USERS) {
        if (await tx.user.findUnique({ where: { email: u.email } })) continue;
        const organisation = u.organisation ? await tx.organisation.findUniqueOrThrow({ where: { slug: u.organisation } }) : null;
        const user = await tx.user.create({
          data: { email: u.email, name: u.name, role: u.role, passwordHash, organisationId: organisation?.id ?? null, emailVerifiedAt: new Date() },
        });
        audit.push({ action: "user.create", targetId: user.id, details: { email: u.email, role: u.role } });
      }
      return { result: undefined, audit };
    },
  });
  return `${DEMO_USERS.length} demo users (password "${DEMO_PASSWORD}")`;
}

/**
 * Steps run in order. Later capabilities append their own steps
 * (catalogue import, sandbox data, the quick-start app) in this list.
 */
export async function demoSeedSteps(): Promise<SeedStep[]> {
  const steps: SeedStep[] = [{ name: "people", run: seedPeople }];
  steps.push({ name: "catalogue", run: () => seedCatalog() });
  steps.push({ name: "sandbox data", run: seedSandboxData });
  steps.push({ name: "quick-start app", run: () => seedQuickStartApp() });
  return steps;
}

/** Seeds when the database has no users yet. Returns what it did, for the log. */
export async function seedDemoIfEmpty(): Promise<string[]> {
  if ((await getDb().user.count()) > 0) return [];
  const done: string[] = [];
  for (const step of await demoSeedSteps()) {
    const said = await step.run();
    done.push(`${step.name}${said ? `: ${said}` : ""}`);
  }
  return done;
}
