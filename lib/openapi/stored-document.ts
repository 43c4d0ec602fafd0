// A stored OpenAPI document (ApiVersion.specSource / specResolved): a Json
// column, written only by publishing after validation, so reading one is a
// type statement, not a parse.
import type { Prisma } from "@/lib/db";

/** An OpenAPI 3.0/3.1 document as a plain JSON object. */
export type OpenApiDocument = Record<string, unknown>;

export function storedDocument(value: Prisma.JsonValue): OpenApiDocument {
  return value as OpenApiDocument;
}
