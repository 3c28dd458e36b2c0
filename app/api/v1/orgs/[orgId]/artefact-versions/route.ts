import { handler } from "@/lib/server/api/route";
import { createArtefactVersionRoute, listArtefactVersionsInOrgRoute } from "@/lib/server/api/routes/artefacts";

export const GET = handler(listArtefactVersionsInOrgRoute);
export const POST = handler(createArtefactVersionRoute);
