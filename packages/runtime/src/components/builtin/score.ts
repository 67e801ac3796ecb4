import type { ComponentImplementation, Explanation, StepContext } from "../contract.js";
import { evaluateCondition, renderAt } from "../evaluate.js";
import { inputsRead } from "../explain.js";
import { readBuiltinConfig } from "../schemas.js";

interface ScoreRule {
  readonly id: string;
  readonly when: string;
  readonly weight: number;
  readonly reason?: string;
}

interface ScoreConfig {
  readonly base?: number;
  readonly rules: readonly ScoreRule[];
  readonly bands?: readonly { readonly min: number; readonly label: string }[];
}

type RuleResult = NonNullable<Explanation["rules"]>[number];

// Sums of decimal weights (0.1 + 0.2) would otherwise miss a band boundary by 4e-17.
const round = (n: number) => Math.round(n * 1e9) / 1e9;

/** The label of the band with the highest `min` at or below the score, if any. */
export function bandFor(score: number, bands: ScoreConfig["bands"]): string | undefined {
  let best: { min: number; label: string } | undefined;
  for (const band of bands ?? [])
    if (band.min <= score && (best === undefined || band.min > best.min)) best = band;
  return best?.label;
}

/**
 * The reason of a rule, rendered. A rule that fired must explain itself (a broken reason fails
 * the step); for one that did not, the reason is shown when it renders and left out when it
 * cannot (it often reads the very field whose absence kept the rule from firing).
 */
function reasonOf(ctx: StepContext, rule: ScoreRule, index: number, fired: boolean): string | undefined {
  if (rule.reason === undefined) return undefined;
  const setting = `rules[${index}].reason`;
  if (fired) return renderAt(ctx, setting, rule.reason);
  try {
    return renderAt(ctx, setting, rule.reason);
  } catch {
    return undefined;
  }
}

function summaryOf(score: number, band: string | undefined, results: readonly RuleResult[]): string {
  const fired = results.filter((r) => r.fired);
  const head = band === undefined ? `Score ${score}` : `Score ${score} (${band})`;
  if (fired.length === 0) return `${head}: no rule fired.`;
  const parts = fired.map((r) => `${r.id} ${(r.weight ?? 0) < 0 ? "" : "+"}${r.weight}`);
  return `${head}: ${fired.length} of ${results.length} rules fired — ${parts.join(", ")}.`;
}

/**
 * `core.score`: `base` plus the weights of the rules whose `when` holds, the band it falls in,
 * and an explanation listing every rule (fired or not, weight, reason) and the values read.
 */
export const scoreComponent: ComponentImplementation = {
  id: "core.score",
  execute(ctx) {
    const config = readBuiltinConfig<ScoreConfig>(ctx, "core.score");
    const base = config.base ?? 0;
    const results: RuleResult[] = config.rules.map((rule, index) => {
      const fired = evaluateCondition(ctx, `rules[${index}].when`, rule.when);
      const reason = reasonOf(ctx, rule, index, fired);
      return reason === undefined
        ? { id: rule.id, fired, weight: rule.weight }
        : { id: rule.id, fired, weight: rule.weight, reason };
    });
    const score = round(results.reduce((sum, r) => (r.fired ? sum + (r.weight ?? 0) : sum), base));
    const band = bandFor(score, config.bands);
    const fired = results.filter((r) => r.fired).map((r) => r.id);
    const output = band === undefined ? { score, fired } : { score, band, fired };
    const explanation: Explanation = {
      summary: summaryOf(score, band, results),
      rules: results,
      inputs: inputsRead(
        ctx,
        config.rules.map((r) => r.when),
      ),
      result: { base, ...output },
    };
    return { kind: "completed", output, explanation };
  },
};
