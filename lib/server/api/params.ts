import { z } from "zod";

/** Path parameters, as Humanitec names them. Values are checked by the lookups (404), not here. */
const segment = (what: string) => z.string().min(1).describe(what);

export const orgParams = z.object({ orgId: segment("Organization id") });
export const appParams = orgParams.extend({ appId: segment("Application id") });
export const envParams = appParams.extend({ envId: segment("Environment id") });
