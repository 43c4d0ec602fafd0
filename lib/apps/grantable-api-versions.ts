import type { Prisma } from "../../node_modules/.prisma/portico-sqlite";

/**
 * The API versions an organisation may ask for: public to registered users
 * or shared with the organisation by name, and not retired.
 * Security-critical: both the form and every write use this one filter.
 */
export function grantableApiVersionWhere(organisationId: string): Prisma.ApiVersionWhereInput {
  return {
    lifecycle: { not: "retired" },
    api: { OR: [{ visibility: "registered" }, { organisations: { some: { organisationId } } }] },
  };
}

/** The scope names a version's spec defines (ApiVersion.scopes is JSON {name: description}). */
export function definedScopes(scopesJson: string): Record<string, string> {
  try {
    const parsed = JSON.parse(scopesJson) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
