import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration for every change to the schema; the app applies
// them at start (lib/runs/db.ts), on PGlite and Postgres alike.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./lib/runs/schema.ts', './lib/evals/schema.ts', './lib/configs/schema.ts', './lib/guard/schema.ts', './lib/api/keys-schema.ts'],
  out: './drizzle',
});
