/** Sprig's semver and semverCompare (Masterminds/semver v3 rules, see semver.ts). */
import { GoFuncError } from "../errors";
import { GoSemver, SemverError, parseConstraints, satisfies } from "../semver";
import { type FuncMap, goFunc } from "./types";

function orError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SemverError) throw new GoFuncError(err.message);
    throw err;
  }
}

export const sprigSemverFuncs: FuncMap = {
  semver: goFunc(["string"], ([v]) => orError(() => GoSemver.parse(v as string))),
  semverCompare: goFunc(["string", "string"], ([constraint, version]) =>
    orError(() => {
      const constraints = parseConstraints(constraint as string);
      return satisfies(constraints, GoSemver.parse(version as string));
    }),
  ),
};
