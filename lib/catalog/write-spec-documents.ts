// Stores a version's two documents (ApiVersion.specSource, specResolved) as
// the JSON text the analysis thread made. Through the Prisma client, a
// document of a few MB is turned into its query representation on the event
// loop: seconds in which the sandbox and the token endpoint stand still. As
// bound text parameters the cost is a copy per byte, and on SQLite the text
// is appended in pieces with waiting requests let in between, so no piece
// holds the event loop for long. PostgreSQL checks a json value whole, so
// there each document is one parameter. The text is what the client itself
// would have written (JSON.stringify of the same value), so reading the
// columns back through Prisma gives the same documents.
import { databaseConfig } from "@/lib/config";
import { yieldToRequests, type Tx } from "@/lib/db";

/** Characters per appended piece on SQLite. */
const PIECE = 128 * 1024;

export async function writeSpecDocuments(tx: Tx, options: { apiVersionId: string; sourceJson: string; resolvedJson: string }): Promise<void> {
  const { apiVersionId } = options;
  const cfg = databaseConfig();
  for (const [column, text] of [["specSource", options.sourceJson], ["specResolved", options.resolvedJson]] as const) {
    if (cfg.dialect === "postgres") {
      // The schema name is checked as an identifier when the configuration is read.
      await tx.$executeRawUnsafe(`UPDATE "${cfg.schema}"."ApiVersion" SET "${column}" = $1::json WHERE "id" = $2`, text, apiVersionId);
      await yieldToRequests();
      continue;
    }
    await tx.$executeRawUnsafe(`UPDATE "ApiVersion" SET "${column}" = ? WHERE "id" = ?`, text.slice(0, PIECE), apiVersionId);
    for (let at = PIECE; at < text.length; at += PIECE) {
      await yieldToRequests();
      await tx.$executeRawUnsafe(`UPDATE "ApiVersion" SET "${column}" = "${column}" || ? WHERE "id" = ?`, text.slice(at, at + PIECE), apiVersionId);
    }
    await yieldToRequests();
  }
}
