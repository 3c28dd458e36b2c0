/**
 * Choosing the resource definition for a resource (humanitec-model.md §2) and explaining the
 * choice. Organisation definitions always win over built-in defaults (`is_default`), which are
 * only consulted when no organisation definition matches. Among matches the most specific
 * criterion wins; residual ties (only possible when duplicate criteria slipped past
 * validation) are broken by definition id, then criterion position, so results are stable.
 */
import type { MatchingCriterion, MatchRequest, ResourceDefinition } from "@/lib/engine/model/definition";
import {
  describeCriterion,
  evaluateCriterion,
  normalizeRequest,
  type CriterionEvaluation,
} from "./criterion";

export interface MatchResult {
  definition: ResourceDefinition;
  criterion: MatchingCriterion;
}

export interface MatchCandidate {
  definition: ResourceDefinition;
  /** The definition's best matching criterion; absent when none matches. */
  criterion?: MatchingCriterion;
  matched: boolean;
  /** 1 = the winner (when there is one); matches rank before non-matches. */
  rank: number;
  /** Why the definition matched, or why each of its criteria failed. */
  reasons: string[];
  /** Every criterion of the definition, evaluated. */
  criteria: CriterionEvaluation[];
  /** Specificity (0..15) of the best matching criterion, -1 when none matches. */
  specificity: number;
  builtin: boolean;
}

export interface MatchExplanation {
  request: MatchRequest & { class: string };
  candidates: MatchCandidate[];
  winner: MatchResult | null;
  /** True when the winner is a built-in default because no organisation definition matched. */
  usedBuiltinFallback: boolean;
}

interface ScoredCandidate {
  definition: ResourceDefinition;
  evaluations: CriterionEvaluation[];
  best?: CriterionEvaluation;
}

function isCandidateDefinition(def: ResourceDefinition, type: string): boolean {
  return def.type === type && !def.is_deleted;
}

function scoreDefinition(def: ResourceDefinition, request: MatchRequest): ScoredCandidate {
  const evaluations = (def.criteria ?? []).map((criterion, index) =>
    evaluateCriterion(criterion, request, index),
  );
  let best: CriterionEvaluation | undefined;
  for (const evaluation of evaluations) {
    if (!evaluation.matched) continue;
    if (!best || evaluation.specificity > best.specificity) best = evaluation;
  }
  return { definition: def, evaluations, best };
}

/** Winner first: matched before unmatched, org before built-in, specificity, id, index. */
function compareCandidates(a: ScoredCandidate, b: ScoredCandidate): number {
  const matchedA = a.best ? 1 : 0;
  const matchedB = b.best ? 1 : 0;
  if (matchedA !== matchedB) return matchedB - matchedA;
  const builtinA = a.definition.is_default ? 1 : 0;
  const builtinB = b.definition.is_default ? 1 : 0;
  if (builtinA !== builtinB) return builtinA - builtinB;
  const specA = a.best?.specificity ?? -1;
  const specB = b.best?.specificity ?? -1;
  if (specA !== specB) return specB - specA;
  if (a.definition.id !== b.definition.id) return a.definition.id < b.definition.id ? -1 : 1;
  return (a.best?.index ?? 0) - (b.best?.index ?? 0);
}

function rankCandidates(defs: readonly ResourceDefinition[], request: MatchRequest): ScoredCandidate[] {
  return defs
    .filter((def) => isCandidateDefinition(def, request.type))
    .map((def) => scoreDefinition(def, request))
    .sort(compareCandidates);
}

/** The definition and criterion a resource is provisioned with, or null when nothing matches. */
export function matchDefinition(
  defs: readonly ResourceDefinition[],
  request: MatchRequest,
): MatchResult | null {
  const [first] = rankCandidates(defs, request);
  if (!first?.best) return null;
  return { definition: first.definition, criterion: first.best.criterion };
}

/** Every definition of the requested type, ranked, with the reasons for each verdict. */
export function explainMatch(
  defs: readonly ResourceDefinition[],
  request: MatchRequest,
): MatchExplanation {
  const ranked = rankCandidates(defs, request);
  const winnerScored = ranked[0]?.best ? ranked[0] : undefined;
  const orgMatched = ranked.some((c) => c.best && !c.definition.is_default);

  const candidates = ranked.map((scored, position): MatchCandidate => {
    const isWinner = scored === winnerScored;
    const reasons: string[] = [];
    if ((scored.definition.criteria ?? []).length === 0) {
      reasons.push("has no matching criteria, so it is never selected (add a criterion such as {} to use it)");
    } else if (scored.best) {
      reasons.push(`criterion #${scored.best.index + 1} ${describeCriterion(scored.best.criterion)} matches`);
      reasons.push(...scored.best.reasons);
      if (scored.definition.is_default && orgMatched) {
        reasons.push("built-in default: not used because an organisation definition matches");
      } else if (scored.definition.is_default && isWinner) {
        reasons.push("built-in default: used because no organisation definition matches");
      }
      if (!isWinner && winnerScored && !(scored.definition.is_default && orgMatched)) {
        reasons.push(
          winnerScored.best!.specificity > scored.best.specificity
            ? `less specific than the winner "${winnerScored.definition.id}"`
            : `as specific as the winner "${winnerScored.definition.id}"; ties go to the smaller definition id`,
        );
      }
      if (isWinner) reasons.push("selected: the most specific matching criterion");
    } else {
      for (const evaluation of scored.evaluations) {
        reasons.push(
          `criterion #${evaluation.index + 1} ${describeCriterion(evaluation.criterion)}: ${evaluation.reasons.join("; ")}`,
        );
      }
    }
    return {
      definition: scored.definition,
      criterion: scored.best?.criterion,
      matched: scored.best !== undefined,
      rank: position + 1,
      reasons,
      criteria: scored.evaluations,
      specificity: scored.best?.specificity ?? -1,
      builtin: scored.definition.is_default === true,
    };
  });

  return {
    request: normalizeRequest(request),
    candidates,
    winner: winnerScored ? { definition: winnerScored.definition, criterion: winnerScored.best!.criterion } : null,
    usedBuiltinFallback: winnerScored?.definition.is_default === true,
  };
}

/** The message a deployment fails with when nothing matches. */
export function noMatchMessage(request: MatchRequest): string {
  const req = normalizeRequest(request);
  return (
    `no resource definition matches resource "${req.res_id}" of type "${req.type}" and class "${req.class}" ` +
    `(app "${req.app_id}", environment "${req.env_id}" of type "${req.env_type}")`
  );
}
