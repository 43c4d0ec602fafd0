// `npm run catalog:import -- <file-or-folder> [...]`: publishes specs from
// disk through the same pipeline as the admin upload and the management
// endpoint, each with its overlay file beside it (accounts.yaml →
// accounts.portico.yaml). One line per file. Exit code 1 if any file
// failed; else 2 if any import needs a decision its overlay does not give
// (it stays a draft: the output says what is missing and proposes an
// overlay); else 0.
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { systemActor } from "../lib/authz/actor";
import { importSpecFiles } from "../lib/catalog/import-spec-files";
import { stopChangeBus } from "../lib/broadcast/change-bus";

async function main(): Promise<number> {
  const targets = process.argv.slice(2).filter((a) => a !== "--");
  if (!targets.length) {
    console.error("usage: npm run catalog:import -- <file-or-folder> [...]");
    return 2;
  }
  await migrate();
  const actor = systemActor(`catalog:import (${process.env.USER ?? "cli"})`);
  let failed = 0;
  let undecided = 0;
  let total = 0;
  for (const target of targets) {
    let results;
    try {
      results = await importSpecFiles({ actor, target });
    } catch (error) {
      failed++;
      total++;
      console.log(`FAIL  ${target}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : (error as Error).message}`);
      continue;
    }
    for (const r of results) {
      total++;
      if (r.ok) {
        const notes = [
          `${r.result.operations} operations`,
          `score ${r.result.scorecard.score}`,
          r.result.changes ? `${r.result.changes.breaking} breaking changes since ${r.result.changes.from}` : "",
          r.result.webhooks ? `${r.result.webhooks} webhooks` : "",
          r.result.convertedFrom ? `converted from Swagger ${r.result.convertedFrom}` : "",
          r.result.generatedOperationIds ? `${r.result.generatedOperationIds} operationIds generated` : "",
          r.result.defaultScopes ? `${r.result.defaultScopes} with default scopes` : "",
          r.result.accountMarks ? `${r.result.accountMarks} account identifiers confirmed` : "",
          r.result.noAccountScoping ? "NO account scoping (decided in the overlay)" : "",
          r.overlayFile ? `overlay ${r.overlayFile}` : "",
          r.result.status === "unchanged" ? "already published" : "",
        ].filter(Boolean);
        console.log(`${r.result.status === "created" ? "OK   " : "SAME "} ${r.file}: ${r.result.name} ${r.result.version} (${r.result.slug}, ${notes.join(", ")})`);
      } else if (r.undecided) {
        undecided++;
        const overlayName = r.overlayFile ?? r.file.replace(/\.(ya?ml|json)$/i, ".portico.yaml");
        console.log(`DRAFT ${r.file}: ${r.error}`);
        console.log(`      nothing was published. To accept the proposals as they stand, review and save this as ${overlayName}:`);
        console.log(r.undecided.proposedOverlay.replace(/^/gm, "        ").trimEnd());
      } else {
        failed++;
        console.log(`FAIL  ${r.file}: ${r.error}`);
      }
    }
  }
  console.log(`${total - failed - undecided} of ${total} imported${failed ? `, ${failed} failed` : ""}${undecided ? `, ${undecided} need decisions (drafts)` : ""}`);
  return failed ? 1 : undecided ? 2 : 0;
}

main()
  .then(async (code) => {
    await stopChangeBus();
    await closeDb();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
