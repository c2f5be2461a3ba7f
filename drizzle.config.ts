import { defineConfig } from 'drizzle-kit';

// `drizzle-kit generate` needs no database: it diffs db/schema against drizzle/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
});
