// `npm run catalog:import -- <file-or-folder> [...]`: publishes specs from
// disk through the same pipeline as the admin upload and the management
// endpoint. One line per file; exit code 1 if any file failed.
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
      if (r.ok) console.log(`${r.result.status === "created" ? "OK   " : "SAME "} ${r.file}: ${r.result.name} ${r.result.version} (${r.result.slug}, ${r.result.operations} operations, score ${r.result.scorecard.score}${r.result.changes ? `, ${r.result.changes.breaking} breaking changes since ${r.result.changes.from}` : ""}${r.result.status === "unchanged" ? ", already published" : ""})`);
      else {
        failed++;
        console.log(`FAIL  ${r.file}: ${r.error}`);
      }
    }
  }
  console.log(`${total - failed} of ${total} imported${failed ? `, ${failed} failed` : ""}`);
  return failed ? 1 : 0;
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
