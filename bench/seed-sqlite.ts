/**
 * Seeds a benchmark's SQLite file in a process of its own: `node --import tsx bench/seed-sqlite.ts
 * <benchmark> <target>`. The PostgreSQL pass of a benchmark runs with the PostgreSQL dialect, whose
 * tables cannot write a SQLite file, so it seeds here and copies the file with migrate-database.
 */
const seeders: Record<string, () => Promise<(target: string) => Promise<void>>> = {
  overview: async () => (await import("./overview")).seedOverviewFile,
  api: async () => (await import("./api")).seedApiDataDir,
};

async function seedFromCommandLine() {
  const [name, target] = process.argv.slice(2);
  const load = seeders[name];
  if (!load || !target) throw new Error(`usage: seed-sqlite.ts <${Object.keys(seeders).join("|")}> <target>`);
  await (await load())(target);
}

seedFromCommandLine().catch((err) => {
  console.error(err);
  process.exit(1);
});
