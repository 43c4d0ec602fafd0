// Catalogue rows for tests, written directly with Prisma so app tests do not
// depend on the spec import pipeline. Unique slugs keep tests independent.
import { randomBytes } from "node:crypto";
import { getDb } from "@/lib/db";
import { createSandboxData } from "@/lib/sandbox-data/create-sandbox-data";
import { makeUser } from "@/lib/testing/factories";

const unique = () => randomBytes(4).toString("hex");

export async function makeApiVersion(options: {
  name?: string;
  version?: string;
  scopes?: Record<string, string>;
  visibility?: "registered" | "restricted";
  selfService?: boolean;
  lifecycle?: "published" | "deprecated" | "retired";
  organisationIds?: string[];
} = {}) {
  const id = unique();
  const name = options.name ?? `Test API ${id}`;
  const scopes = options.scopes ?? { "accounts:read": "Read accounts", "payments:write": "Make payments" };
  const spec = { openapi: "3.1.0", info: { title: name, version: options.version ?? "1.0.0" }, paths: {} };
  const api = await getDb().api.create({
    data: {
      slug: `test-${id}`,
      name,
      visibility: options.visibility ?? "registered",
      selfService: options.selfService ?? false,
      organisations: options.organisationIds ? { create: options.organisationIds.map((organisationId) => ({ organisationId })) } : undefined,
      versions: {
        create: {
          version: options.version ?? "1.0.0",
          lifecycle: options.lifecycle ?? "published",
          title: name,
          scopes,
          specSource: spec,
          specResolved: spec,
          specSha256: id,
          sizeBytes: JSON.stringify(spec).length,
        },
      },
    },
    include: { versions: true },
  });
  return { api, version: api.versions[0]! };
}

/** A developer whose organisation has its sandbox customers and accounts. */
export async function makeDeveloperWithSandbox() {
  const developer = await makeUser({ role: "developer" });
  const organisationId = developer.user.organisationId!;
  await getDb().$transaction((tx) => createSandboxData({ tx, organisationId }));
  const accounts = await getDb().sandboxAccount.findMany({ where: { organisationId }, orderBy: { createdAt: "asc" } });
  return { ...developer, organisationId, accounts };
}
