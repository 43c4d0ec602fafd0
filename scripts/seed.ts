// npm run db:seed — applies migrations and seeds the demo data if the
// database has no users yet.
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { seedDemoIfEmpty } from "../lib/seed/seed-demo";

(async () => {
  await migrate();
  const done = await seedDemoIfEmpty();
  console.log(done.length ? `seeded:\n  ${done.join("\n  ")}` : "database already has users: nothing seeded");
  await closeDb();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
