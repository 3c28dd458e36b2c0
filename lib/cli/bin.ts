import { main } from "./main";

/** The standalone CLI's entry point (bundled into dist/cli/package/baton.mjs by scripts/build-cli.mjs). */
void main(process.argv).then((code) => {
  process.exitCode = code;
});
