import { handler } from "@/lib/server/api/route";
import { patchArtefactVersionRoute } from "@/lib/server/api/routes/artefacts";

export const PATCH = handler(patchArtefactVersionRoute);
