import { emptyOutput, type Driver } from "./types";

/**
 * `humanitec/echo`: provisions nothing; `driver_inputs.values` become value outputs and
 * `secrets` (or resolved `secret_refs`) become secret outputs.
 */
export const echoDriver: Driver = {
  type: "humanitec/echo",
  provision(input) {
    return { ...emptyOutput(), values: { ...input.driver.values }, secrets: { ...input.driver.secrets } };
  },
};
