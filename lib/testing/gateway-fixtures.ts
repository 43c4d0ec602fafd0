// Rows the gateway needs, made with Prisma for gateway tests and the
// benchmark: a catalogue entry from a spec file (dereferenced as the
// catalogue stores it), an organisation with sandbox accounts, and an
// approved app with a client secret and a grant (API scopes + accounts).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse as parseYaml } from "yaml";
import { getDb, type Db, type Prisma } from "@/lib/db";
import { hashOpaqueSecret, newOpaqueSecret } from "@/lib/secrets/opaque-secret";
import { newClientId } from "@/lib/apps/client-id";
import { gbIban, newSandboxAccountId, randomDigits } from "@/lib/sandbox-data/iban";
import { hashPassword } from "@/lib/accounts/password";

const unique = () => randomBytes(5).toString("hex");
// scrypt is deliberately slow; owners of fixture organisations never sign in, so one hash serves them all.
let ownerPasswordHash: Promise<string> | undefined;
export const TEST_SPEC = path.join(__dirname, "data", "sandbox-bank.yaml");

/** Stores a spec file as a published ApiVersion (specResolved = swagger-parser dereference). */
/**
 * Token-endpoint budgets for test gateways that are not about them: set
 * explicitly, and high, since every test gateway requests from 127.0.0.1 and,
 * with REDIS_URL, counts against the same keys.
 */
export const TEST_TOKEN_RATE_LIMITS = { perIpPerMinute: 1_000_000, perClientPerMinute: 1_000_000 };

export async function makeApiVersion(options: { file?: string; slug?: string; db?: Db } = {}) {
  const db = options.db ?? getDb();
  const source = parseYaml(readFileSync(options.file ?? TEST_SPEC, "utf8")) as Record<string, unknown>;
  const resolved = (await SwaggerParser.dereference(structuredClone(source) as never)) as unknown as Record<string, unknown>;
  const info = resolved.info as { title: string; version: string };
  const slug = options.slug ?? `test-bank-${unique()}`;
  const resolvedText = JSON.stringify(resolved);
  const api = await db.api.create({ data: { slug, name: info.title } });
  const version = await db.apiVersion.create({
    data: {
      apiId: api.id,
      version: info.version,
      title: info.title,
      specSource: source as Prisma.InputJsonObject,
      specResolved: resolved as Prisma.InputJsonObject,
      specSha256: hashOpaqueSecret(resolvedText),
      sizeBytes: resolvedText.length,
    },
  });
  return { api, version, slug, versionName: info.version };
}

export async function makeOrganisationWithAccounts(options: { accounts?: number; db?: Db } = {}) {
  const db = options.db ?? getDb();
  const name = `Gateway Org ${unique()}`;
  const organisation = await db.organisation.create({ data: { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") } });
  const owner = await db.user.create({
    data: { email: `gw-${unique()}@test.example`, name: "Gateway Owner", role: "developer", organisationId: organisation.id, passwordHash: await (ownerPasswordHash ??= hashPassword("gateway-fixture-pw")), emailVerifiedAt: new Date() },
  });
  const customer = await db.sandboxCustomer.create({ data: { organisationId: organisation.id, customerRef: `cus_${unique()}`, name: "Ada Customer" } });
  const accounts = [];
  for (let i = 0; i < (options.accounts ?? 3); i++) {
    const sortCode = randomDigits(6);
    const accountNumber = randomDigits(8);
    accounts.push(
      await db.sandboxAccount.create({
        data: {
          accountId: newSandboxAccountId(),
          organisationId: organisation.id,
          customerId: customer.id,
          name: `Account ${i + 1}`,
          iban: gbIban(sortCode, accountNumber),
          sortCode,
          accountNumber,
          currency: "GBP",
          balanceMinor: 100_00 * (i + 1),
        },
      }),
    );
  }
  return { organisation, owner, accounts };
}

/** An approved app with one client secret and a grant over `apiVersionId` with `scopes` and `accountIds` (SandboxAccount.id). */
export async function makeApprovedApp(options: {
  organisationId: string;
  ownerId: string;
  apiVersionId: string;
  scopes: string[];
  accountIds?: string[];
  allAccounts?: boolean;
  tokenLifetimeSeconds?: number;
  db?: Db;
}) {
  const db = options.db ?? getDb();
  const clientSecret = newOpaqueSecret("pcs_");
  const app = await db.app.create({
    data: {
      organisationId: options.organisationId,
      ownerId: options.ownerId,
      name: `Gateway App ${unique()}`,
      status: "approved",
      clientId: newClientId(),
      allAccounts: options.allAccounts ?? false,
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? null,
      apis: { create: [{ apiVersionId: options.apiVersionId, scopes: options.scopes }] },
      accounts: { create: (options.accountIds ?? []).map((accountId) => ({ accountId })) },
      secrets: { create: [{ secretHash: hashOpaqueSecret(clientSecret), hint: clientSecret.slice(-4) }] },
    },
  });
  return { app, clientId: app.clientId!, clientSecret };
}

/** A client-credentials access token from a running gateway's token endpoint; throws unless it answers 200. */
export async function clientCredentialsToken(gatewayUrl: string, client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret, ...(scope ? { scope } : {}) }),
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
