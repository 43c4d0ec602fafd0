// The shape of each Json column, stated once. Prisma types every Json column
// as JsonValue; these say what lib/ wrote there (always a validated value,
// never user text parsed on read), so reading a column is a type statement
// here rather than a JSON.parse and a cast at every reader.
import type { Prisma } from "../../node_modules/.prisma/portico-sqlite";

type Json = Prisma.JsonValue;

/**
 * AppApi.scopes, AppRequestApi.scopes: the scopes granted or asked for.
 * Security-critical (the gateway's grant): anything but a string in the
 * array grants nothing, so a damaged row fails closed.
 */
export const grantScopes = (value: Json): string[] => (Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : []);

/** ApiVersion.tags, ApiOperation.tags. */
export const specTags = (value: Json): string[] => value as string[];

/** ApiVersion.scopes: every scope the spec's OAuth2 flows define, and the overlay's scopes for operations it leaves without one, name → description. */
export const definedScopes = (value: Json): Record<string, string> => value as Record<string, string>;

/** ApiOperation.scopes: alternatives; a token must hold every scope of one of them. */
export const operationScopes = (value: Json): string[][] => value as string[][];

/** AuditEvent.details. */
export const auditDetails = (value: Json): Record<string, unknown> => value as Record<string, unknown>;

/** PendingSettingChange.value: the proposed value of its setting, checked by that setting's schema when written and again when applied. */
export const proposedSettingValue = (value: Json): unknown => value;

/**
 * ChangeEvent.event: written by another process, so checked on read — an
 * object whose values are all strings (its kind and the ids it names), or
 * nothing. lib/broadcast/change-bus.ts then accepts only the kinds it knows.
 */
export const storedChangeEvent = (value: Json): Record<string, string> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string") ? (value as Record<string, string>) : undefined;

/** ApiVersionOverlay.scopeDefaults: operationKey ("GET /accounts") → the scopes it requires, for operations whose spec gives none. */
export const overlayScopeDefaults = (value: Json): Record<string, string[]> => value as Record<string, string[]>;

/**
 * One confirmed account identifier of one operation (named by operationKey,
 * "GET /accounts/{accountId}"): a path, query or header parameter, or a path
 * into the JSON body ("*" = every item). lib/openapi/account-marks.ts reads it.
 */
export type AccountMark = { operation: string; kind: "id" | "iban" } & ({ in: "path" | "query" | "header"; name: string } | { in: "body"; path: string[] });

/** ApiVersionOverlay.accountMarks: the confirmed account identifiers. Security-critical (the sandbox's account check): written only after validation. */
export const overlayAccountMarks = (value: Json): AccountMark[] => (Array.isArray(value) ? (value as AccountMark[]) : []);

/** ApiVersionOverlay.sandboxBindings: reserved, stored as the publisher gave them; nothing reads them yet. */
export const overlaySandboxBindings = (value: Json): unknown[] => (Array.isArray(value) ? value : []);
