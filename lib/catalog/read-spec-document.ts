// Reads a version's dereferenced document (ApiVersion.specResolved) for the
// sandbox's route table, the counterpart of write-spec-documents.ts: read
// through the Prisma client, a document of a few MB is converted on the
// event loop in one piece (tens of milliseconds in which no request is
// answered). On SQLite the text is read in pieces, with waiting requests let
// in between, and parsed once; PostgreSQL sends it whole, as text.
import { databaseConfig } from "@/lib/config";
import { yieldToRequests, type Db } from "@/lib/db";
import type { OpenApiDocument } from "@/lib/openapi/stored-document";

/** Characters per piece on SQLite. */
const PIECE = 256 * 1024;

/** The stored document as JSON text, or undefined when there is no such version. */
export async function readResolvedSpecText(db: Db, apiVersionId: string): Promise<string | undefined> {
  const cfg = databaseConfig();
  if (cfg.dialect === "postgres") {
    // The schema name is checked as an identifier when the configuration is read.
    const rows = await db.$queryRawUnsafe<{ text: string }[]>(`SELECT "specResolved"::text AS text FROM "${cfg.schema}"."ApiVersion" WHERE "id" = $1`, apiVersionId);
    return rows[0]?.text;
  }
  const [row] = await db.$queryRawUnsafe<{ length: number | bigint }[]>(`SELECT length(CAST("specResolved" AS TEXT)) AS length FROM "ApiVersion" WHERE "id" = ?`, apiVersionId);
  if (!row) return undefined;
  const length = Number(row.length);
  const pieces: string[] = [];
  for (let at = 1; at <= length; at += PIECE) {
    await yieldToRequests();
    const [piece] = await db.$queryRawUnsafe<{ text: string }[]>(`SELECT substr(CAST("specResolved" AS TEXT), ?, ?) AS text FROM "ApiVersion" WHERE "id" = ?`, at, PIECE, apiVersionId);
    pieces.push(piece!.text);
  }
  return pieces.join("");
}

/** The stored document, or undefined when there is no such version. */
export async function readResolvedSpec(db: Db, apiVersionId: string): Promise<OpenApiDocument | undefined> {
  const text = await readResolvedSpecText(db, apiVersionId);
  return text === undefined ? undefined : (JSON.parse(text) as OpenApiDocument);
}
