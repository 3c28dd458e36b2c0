// Entry of a planning worker thread: plain JavaScript, so that it runs wherever the server
// does (next start, tsx, vitest); tsx loads the TypeScript worker as `npm start` loads boot.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
await tsImport("./worker-thread.ts", { parentURL: import.meta.url, tsconfig: path.resolve(here, "../../../tsconfig.json") });
