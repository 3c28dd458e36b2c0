/**
 * Sprig's text function map (sprig.TxtFuncMap, v3.2.3), all of it, assembled from the groups.
 * env and expandenv see an empty environment and getHostByName is refused (sprig-os.ts).
 */
import { sprigCaseFuncs } from "./sprig-case";
import { sprigCertFuncs } from "./sprig-certs";
import { sprigCryptoFuncs } from "./sprig-crypto";
import { sprigDateFuncs } from "./sprig-dates";
import { sprigDefaultFuncs } from "./sprig-defaults";
import { sprigDictFuncs } from "./sprig-dicts";
import { sprigEncodingFuncs } from "./sprig-encoding";
import { sprigListFuncs } from "./sprig-lists";
import { sprigMathFuncs } from "./sprig-math";
import { sprigMiscFuncs } from "./sprig-misc";
import { sprigOsFuncs } from "./sprig-os";
import { sprigSemverFuncs } from "./sprig-semver";
import { sprigStringFuncs } from "./sprig-strings";
import type { FuncMap } from "./types";

export const sprigFuncs: FuncMap = Object.freeze(
  Object.assign(
    Object.create(null) as FuncMap,
    sprigStringFuncs,
    sprigListFuncs,
    sprigDictFuncs,
    sprigDefaultFuncs,
    sprigMathFuncs,
    sprigEncodingFuncs,
    sprigMiscFuncs,
    sprigCaseFuncs,
    sprigOsFuncs,
    sprigCryptoFuncs,
    sprigDateFuncs,
    sprigSemverFuncs,
    sprigCertFuncs,
  ),
);
