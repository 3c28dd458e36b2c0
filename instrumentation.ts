/**
 * Runs once when the server starts: validates the configuration (a bad value stops the
 * server with a message naming the variable), migrates, and seeds.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ConfigError } = await import("./lib/server/config");
  try {
    const { getRuntime } = await import("./lib/server/runtime");
    getRuntime();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`\n${err.message}\n\nBaton did not start. Fix the variables above (see README, "Configuration").\n`);
      process.exit(1);
    }
    throw err;
  }
}
