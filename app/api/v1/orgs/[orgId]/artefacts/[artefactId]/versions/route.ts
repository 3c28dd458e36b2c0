import { handler } from "@/lib/server/api/route";
import { listArtefactVersionsRoute } from "@/lib/server/api/routes/artefacts";

export const GET = handler(listArtefactVersionsRoute);
