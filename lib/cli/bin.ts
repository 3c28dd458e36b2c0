import { main } from "./main";

/** The standalone CLI's entry point (bundled into dist/cli/package/baton.mjs by scripts/build-cli.mjs). */

// `baton … | head` closes the pipe early: that is the reader's choice, not an error to report.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});
