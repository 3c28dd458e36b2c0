import type { Command } from "commander";

/**
 * `baton admin` in the standalone CLI (scripts/build-cli.mjs puts this module in place of
 * ./admin): the admin verbs open the server's database, so they run only where the server's
 * data directory and native database drivers are — the Baton checkout or its image.
 */
export function register(program: Command): void {
  program
    .command("admin")
    .description("Offline administration of a Baton data directory (server checkout only)")
    .argument("[args...]")
    .allowUnknownOption()
    .helpOption(false)
    .action(() => {
      process.stderr.write("error: `baton admin` opens the server's database, so it is not part of the standalone CLI; run `npx baton admin …` in the Baton server's checkout or image\n");
      process.exitCode = 2;
    });
}
