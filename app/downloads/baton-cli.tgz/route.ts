import { cliPackageResponse } from "@/lib/server/downloads/cli-package";

export const dynamic = "force-dynamic";

/** The standalone `baton` CLI package; public (see lib/server/downloads/cli-package.ts). */
export function GET(): Promise<Response> {
  return cliPackageResponse();
}
