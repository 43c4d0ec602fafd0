import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import type { Prisma } from "@/lib/db";
import { parseInput } from "@/lib/errors";
import { ACCESS_TOKEN_PREFIX } from "@/lib/oauth/issue-access-token";
import { DISPLAY_PREFIX_RANDOM_CHARS, displayPrefix, hashOpaqueSecret } from "@/lib/secrets/opaque-secret";

/** A whole token is its prefix and 43 base64url characters (256 bits, lib/secrets); a fragment needs at least the display prefix. */
const TOKEN_CHARS = 43;
const PREFIX_LENGTH = ACCESS_TOKEN_PREFIX.length + DISPLAY_PREFIX_RANDOM_CHARS;
const schema = z
  .object({
    query: z
      .string({ error: "Paste an access token or its first characters" })
      .trim()
      .regex(
        new RegExp(`^${ACCESS_TOKEN_PREFIX}[A-Za-z0-9_-]{${DISPLAY_PREFIX_RANDOM_CHARS},${TOKEN_CHARS}}$`),
        `Paste a whole access token (${ACCESS_TOKEN_PREFIX}…) or at least its first ${PREFIX_LENGTH} characters`,
      ),
  })
  .strict();

/** At most this many tokens share a prefix in one answer (newest first). */
const MAX_MATCHES = 20;

export type TokenState = "active" | "expired" | "revoked";

/**
 * Compliance finds one access token from what a developer, a log excerpt or
 * an incident report gives them: the whole token, or its first characters.
 * Tokens are stored as SHA-256 only, so a whole token is looked up by its
 * hash (one match at most) and a fragment by the non-secret display prefix
 * kept on each row at issuance (several tokens may share it). The answer
 * says who got the token and how — app, organisation, times, scopes, the
 * accounts of the app's grant in force, its certificate binding (RFC 8705
 * cnf.x5t#S256), the client secret it was issued with, where it was asked
 * for — and whether it still works; revoking it is revoke-token.ts.
 *
 * Compliance only. Every lookup is audited (`token.lookup`) with the display
 * prefix of what was asked for and the ids found: never the value itself,
 * which would put a live credential into the trail.
 */
export async function lookUpToken(options: { actor: Actor; unverifiedInput: unknown; now?: Date }) {
  const { query } = parseInput(schema, options.unverifiedInput, "This is not an access token or a token prefix");
  const now = options.now ?? new Date();
  const whole = query.length === ACCESS_TOKEN_PREFIX.length + TOKEN_CHARS;
  const prefix = displayPrefix(query);
  const where: Prisma.AccessTokenWhereInput = whole ? { tokenHash: hashOpaqueSecret(query) } : { prefix };
  return auditedChange({
    actor: options.actor,
    roles: lookUpToken.roles,
    change: async (tx) => {
      const rows = await tx.accessToken.findMany({
        where,
        orderBy: { createdAt: "desc" },
        take: MAX_MATCHES + 1,
        select: {
          id: true,
          prefix: true,
          scope: true,
          certThumbprint: true,
          issuedVia: true,
          sourceIp: true,
          createdAt: true,
          expiresAt: true,
          revokedAt: true,
          clientSecret: { select: { id: true, hint: true, createdAt: true, revokedAt: true } },
          app: {
            select: {
              id: true,
              name: true,
              clientId: true,
              status: true,
              allAccounts: true,
              organisation: { select: { id: true, name: true } },
              accounts: { select: { account: { select: { accountId: true, name: true } } } },
              certificates: { select: { id: true, thumbprint: true, subject: true, revokedAt: true } },
            },
          },
        },
      });
      const more = rows.length > MAX_MATCHES;
      const tokens = rows.slice(0, MAX_MATCHES).map(({ app, certThumbprint, scope, ...token }) => {
        const certificate = certThumbprint ? app.certificates.find((c) => c.thumbprint === certThumbprint) : undefined;
        const state: TokenState = token.revokedAt ? "revoked" : token.expiresAt <= now ? "expired" : "active";
        return {
          ...token,
          state,
          scopes: scope.split(" ").filter(Boolean),
          app: { id: app.id, name: app.name, clientId: app.clientId, status: app.status },
          organisation: app.organisation,
          accounts: app.allAccounts ? ("all" as const) : app.accounts.map((a) => a.account),
          binding: certThumbprint
            ? { thumbprint: certThumbprint, certificate: certificate ? { id: certificate.id, subject: certificate.subject, revokedAt: certificate.revokedAt } : null }
            : null,
        };
      });
      return {
        result: { by: whole ? ("value" as const) : ("prefix" as const), prefix, tokens, more },
        audit: [{ action: "token.lookup", details: { by: whole ? "value" : "prefix", prefix, found: tokens.map((t) => t.id), more } }],
      };
    },
  });
}
lookUpToken.roles = ["compliance"] as const;
