// `npm run catalog:import -- <file-or-folder> [...]`: publishes specs from
// disk through the same pipeline as the admin upload and the management
// endpoint, each with its overlay file beside it (accounts.yaml →
// accounts.portico.yaml). One line per file. Exit code 1 if any file
// failed; else 2 if any import needs a decision its overlay does not give
// (it is kept as a draft for an admin: the output names the draft, says what
// is missing and proposes an overlay); else 0. Scorecards computed after a
// publish (the bank's rule does not block on them) are stored before it exits.
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { systemActor } from "../lib/authz/actor";
import { importSpecFiles } from "../lib/catalog/import-spec-files";
import { stopChangeBus } from "../lib/broadcast/change-bus";
import { scorecardsSettled } from "../lib/catalog/score-published-version";

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
  let scoring = 0;
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
        if (r.result.scorecardState === "pending") scoring++;
        const notes = [
          `${r.result.operations} operations`,
          r.result.scorecard ? `score ${r.result.scorecard.score}` : `scorecard ${r.result.scorecardState}`,
          r.result.changes ? `${r.result.changes.breaking} breaking changes since ${r.result.changes.from}` : "",
          r.result.webhooks ? `${r.result.webhooks} webhooks` : "",
          r.result.convertedFrom ? `converted from Swagger ${r.result.convertedFrom}` : "",
          r.result.generatedOperationIds ? `${r.result.generatedOperationIds} operationIds generated` : "",
          r.result.defaultScopes ? `${r.result.defaultScopes} with default scopes` : "",
          r.result.accountMarks ? `${r.result.accountMarks} account identifiers confirmed` : "",
          r.result.sandboxBindings ? `${r.result.sandboxBindings} sandbox bindings` : "",
          r.result.noAccountScoping ? "NO account scoping (decided in the overlay)" : "",
          r.overlayFile ? `overlay ${r.overlayFile}` : "",
          r.result.status === "unchanged" ? "already published" : "",
        ].filter(Boolean);
        console.log(`${r.result.status === "created" ? "OK   " : "SAME "} ${r.file}: ${r.result.name} ${r.result.version} (${r.result.slug}, ${notes.join(", ")})`);
      } else if (r.undecided) {
        undecided++;
        const overlayName = r.overlayFile ?? r.file.replace(/\.(ya?ml|json)$/i, ".portico.yaml");
        console.log(`DRAFT ${r.file}: ${r.error}`);
        console.log(`      nothing was published; kept as draft ${r.undecided.draft.id}: decide it at ${r.undecided.draft.url}`);
        console.log(`      or, to accept the proposals as they stand, review and save this as ${overlayName} and import again:`);
        console.log(r.undecided.proposedOverlay.replace(/^/gm, "        ").trimEnd());
      } else {
        failed++;
        console.log(`FAIL  ${r.file}: ${r.error}`);
      }
    }
  }
  if (scoring) console.log(`served; waiting for the scorecard${scoring === 1 ? "" : "s"} of ${scoring} version${scoring === 1 ? "" : "s"} (Spectral, after publishing)…`);
  await scorecardsSettled();
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
