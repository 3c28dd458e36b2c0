/** Shared by the gotemplate tests: renders a request with our engine exactly as the Go oracle does. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  GoTemplateError,
  type FuncMap,
  type GoValue,
  fromGoJson,
  fromGoYaml,
  goFunc,
  parseTemplate,
  seededRandom,
} from "@/lib/engine/gotemplate";
import { afterAll, beforeAll, expect } from "vitest";
import { Oracle, type OracleRequest, buildOracle } from "@/tools/gotemplate-oracle/client";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const sharedDir = path.resolve(repoRoot, "../shared");
export const sharedExists = existsSync(path.join(sharedDir, "compat"));

/** score-k8s's extra function, with its documented marker format (same as the oracle's). */
export const scoreK8sFuncs: FuncMap = {
  encodeSecretRef: goFunc(["string", "string"], ([secret, key]) => `🔐💬${secret as string}_${key as string}💬🔐`),
};

export interface OurResult {
  ok: boolean;
  output: string;
  error: string;
}

export function decodeData(req: OracleRequest): GoValue {
  if (!req.format || req.format === "none") return null;
  return req.format === "json" ? fromGoJson(req.data ?? "") : fromGoYaml(req.data ?? "");
}

export function renderOurs(req: OracleRequest): OurResult {
  let data: GoValue;
  try {
    data = decodeData(req);
  } catch (err) {
    return { ok: false, output: "", error: "oracle: data: " + (err as Error).message };
  }
  try {
    const t = parseTemplate(req.name, req.template, { funcs: req.funcs === "score-k8s" ? scoreK8sFuncs : undefined });
    const nowMillis = req.nowMillis;
    const output = t.execute(data, { random: seededRandom(req.seed ?? 0), ...(nowMillis ? { clock: () => nowMillis } : {}) });
    return { ok: true, output, error: "" };
  } catch (err) {
    if (err instanceof GoTemplateError) return { ok: false, output: "", error: err.message };
    return { ok: false, output: "", error: "INTERNAL: " + ((err as Error).stack ?? String(err)) };
  }
}

/**
 * Renders every request with real Go and with Baton and describes each one whose outcome
 * (output, or error text) differs; an empty list means Baton behaved exactly like Go.
 */
export async function differencesFromGo(oracle: Oracle, requests: OracleRequest[]): Promise<string[]> {
  const results = await oracle.renderMany(requests);
  return requests.flatMap((req, i) => {
    const ours = renderOurs(req);
    const go = results[i];
    const a = ours.ok ? `OK ${ours.output}` : `ERR ${ours.error}`;
    const b = go.ok ? `OK ${go.output}` : `ERR ${go.error}`;
    return a === b ? [] : [`${req.template} ${(req.data ?? "").slice(0, 200)}\n ours: ${a.slice(0, 400)}\n go:   ${b.slice(0, 400)}`];
  });
}

/**
 * For a describe block of differential tests: starts the Go oracle before them, stops it
 * after, and gives `expectSameAsGo(requests)` and the oracle itself.
 */
export function useOracle(): { expectSameAsGo(requests: OracleRequest[]): Promise<void>; oracle(): Oracle } {
  let oracle: Oracle;
  beforeAll(() => {
    oracle = Oracle.start(buildOracle());
  });
  afterAll(() => oracle?.close());
  return {
    expectSameAsGo: async (requests) => expect(await differencesFromGo(oracle, requests)).toEqual([]),
    oracle: () => oracle,
  };
}
