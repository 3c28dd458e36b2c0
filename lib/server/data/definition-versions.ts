import { isDeepStrictEqual } from "node:util";
import { stringify } from "yaml";
import type { SecretBox } from "@/lib/server/crypto/secret-box";
import { decryptSecretInputs, secretLeafPaths, type DefinitionVersionContent } from "./definitions";

function leafAt(secrets: Record<string, unknown> | undefined, path: string): unknown {
  let cur: unknown = secrets;
  for (const k of path.split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
}

/**
 * Texts of two versions for the server-side diff. Secret inputs appear only as their paths
 * with `(secret)` — or `(secret, changed)` where the decrypted values differ — never as values.
 */
export function versionDiffTexts(box: SecretBox, before: DefinitionVersionContent | undefined, after: DefinitionVersionContent): { before: string; after: string } {
  const beforeSecrets = before ? decryptSecretInputs(box, before.secrets_enc) : undefined;
  const afterSecrets = decryptSecretInputs(box, after.secrets_enc);
  const render = (content: DefinitionVersionContent | undefined, secrets: Record<string, unknown> | undefined, other: Record<string, unknown> | undefined, isAfter: boolean) => {
    if (!content) return "";
    const { criteria, ...def } = content.definition;
    const doc: Record<string, unknown> = { ...def };
    if (secrets) {
      doc.secret_inputs = Object.fromEntries(
        secretLeafPaths(secrets).map((p) => [p, isAfter && !isDeepStrictEqual(leafAt(secrets, p), leafAt(other, p)) ? "(secret, changed)" : "(secret)"]),
      );
    }
    if (criteria) doc.criteria = criteria.map(({ id: _id, ...c }) => c);
    return stringify(doc, { lineWidth: 0 });
  };
  return { before: render(before, beforeSecrets, afterSecrets, false), after: render(after, afterSecrets, beforeSecrets, true) };
}
