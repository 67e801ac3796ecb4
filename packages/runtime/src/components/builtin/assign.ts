import type { ComponentImplementation, Explanation, StepContext, StepOutcome } from "../contract.js";
import { componentFailure, invalidConfig } from "../errors.js";
import { evaluateCondition, evaluateText } from "../evaluate.js";
import { inputsRead } from "../explain.js";
import { readBuiltinConfig } from "../schemas.js";

interface AssignRule {
  readonly id: string;
  readonly when: string;
  readonly assignee: string;
}

interface AssignConfig {
  readonly strategy: "rules" | "round-robin";
  readonly rules?: readonly AssignRule[];
  readonly pool?: readonly string[];
  readonly fallback?: string;
}

type RuleResult = NonNullable<Explanation["rules"]>[number];

/** The `rule` output when no rule applied and `fallback` was used. */
export const FALLBACK_RULE = "fallback";
/** The `rule` output of the round-robin strategy. */
export const ROUND_ROBIN_RULE = "round-robin";

function byRules(ctx: StepContext, config: AssignConfig): StepOutcome {
  const rules = config.rules ?? [];
  const results: RuleResult[] = [];
  const checked: string[] = [];
  let chosen: { assignee: string; rule: string } | undefined;
  for (const [index, rule] of rules.entries()) {
    if (chosen !== undefined) {
      results.push({ id: rule.id, fired: false, reason: "Not checked: an earlier rule applied." });
      continue;
    }
    const fired = evaluateCondition(ctx, `rules[${index}].when`, rule.when);
    checked.push(rule.when);
    results.push({ id: rule.id, fired });
    if (fired)
      chosen = {
        assignee: evaluateText(ctx, `rules[${index}].assignee`, rule.assignee, "a user id"),
        rule: rule.id,
      };
  }
  const fallback = config.fallback?.trim();
  if (chosen === undefined && fallback) chosen = { assignee: fallback, rule: FALLBACK_RULE };
  if (chosen === undefined) {
    throw componentFailure(
      "assign/no-match",
      rules.length === 0
        ? `Step '${ctx.step.id}' has no assignment rules and no fallback.`
        : `None of the ${rules.length} assignment rules of step '${ctx.step.id}' applied, and there is no fallback.`,
      "Add a 'fallback:' (who gets it when no rule applies), or a last rule with `when: true`.",
    );
  }
  const summary =
    chosen.rule === FALLBACK_RULE
      ? `No rule applied; assigned to the fallback ${chosen.assignee}.`
      : `Assigned to ${chosen.assignee} by rule '${chosen.rule}'.`;
  const explanation: Explanation = {
    summary,
    rules: results,
    inputs: inputsRead(ctx, checked),
    result: chosen,
  };
  return { kind: "completed", output: chosen, explanation };
}

async function byRoundRobin(ctx: StepContext, config: AssignConfig): Promise<StepOutcome> {
  const pool = (config.pool ?? []).map((p) => p.trim()).filter((p) => p !== "");
  if (pool.length === 0) {
    throw invalidConfig(
      `Step '${ctx.step.id}' assigns round-robin but its 'pool' is empty.`,
      "List the people to take turns under 'pool:', e.g. [ana@example.com, bo@example.com].",
    );
  }
  const turn = await ctx.effects.nextCounter(`assign:${ctx.run.workflowId}:${ctx.step.id}`);
  const index = ((turn % pool.length) + pool.length) % pool.length;
  const assignee = pool[index] ?? pool[0] ?? "";
  const output = { assignee, rule: ROUND_ROBIN_RULE };
  const explanation: Explanation = {
    summary: `Round-robin turn ${turn}: ${assignee} (position ${index + 1} of ${pool.length} in the pool).`,
    inputs: { pool, turn },
    result: output,
  };
  return { kind: "completed", output, explanation };
}

/**
 * `core.assign`: chooses an owner. `rules`: the first rule whose `when` holds gives the assignee,
 * else `fallback`, else `assign/no-match`. `round-robin`: the pool takes turns, counted by a
 * durable per-step counter, so turns survive restarts and are shared by concurrent runs.
 */
export const assignComponent: ComponentImplementation = {
  id: "core.assign",
  execute(ctx) {
    const config = readBuiltinConfig<AssignConfig>(ctx, "core.assign");
    return config.strategy === "round-robin" ? byRoundRobin(ctx, config) : byRules(ctx, config);
  },
};
