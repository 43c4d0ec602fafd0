// npm run db:migrate — applies pending migrations to DATABASE_URL's database.
import { databaseConfig } from "../lib/config";
import { migrate } from "../lib/db/migrate";

migrate(databaseConfig())
  .then((ran) => console.log(ran.length ? `applied: ${ran.join(", ")}` : "database is up to date"))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
