import type { Edge } from "@switchyard/definitions";
import type { StepError } from "../components/contract.js";
import { evaluate, type Json, toCel } from "../expressions/index.js";
import { withNames } from "./bindings.js";
import { nextTokenId, type RunState, type Token } from "./run-state.js";
import type { PreparedWorkflow } from "./workflow-index.js";

/** Which edges were tried and which were taken: part of every step's explanation. */
export interface RouteExplanation {
  readonly evaluated: { readonly to: string; readonly when?: string; readonly result: boolean }[];
  readonly taken: string[];
}

/** What routing did to the token: moved on, ended, split, or failed for want of a route. */
export type RouteResult =
  | { readonly ok: true; readonly explanation: RouteExplanation }
  | { readonly ok: false; readonly error: StepError; readonly explanation: RouteExplanation };

/**
 * Moves a token on from a finished step. Edges are tried in order; the first that holds is taken
 * (after core.parallel, every one that holds, each on a new token). No edges: the path ends —
 * inside a for-each body that means the next item. Edges but none holds: a `route/no-match` error.
 */
export function route(
  prepared: PreparedWorkflow,
  state: RunState,
  token: Token,
  stepId: string,
  output: Json,
  bindings: () => Record<string, unknown>,
): RouteResult {
  const indexed = prepared.steps.get(stepId);
  const edges: readonly Edge[] = indexed?.step.next ?? [];
  const explanation: RouteExplanation = { evaluated: [], taken: [] };
  if (edges.length === 0) return endOfPath(prepared, state, token, bindings, explanation);
  let scope: Record<string, unknown> | undefined;
  const conditionScope = () => (scope ??= withNames(bindings(), { output: toCel(output, undefined) }));
  const parallel = indexed?.componentId === "core.parallel";
  const taken: Edge[] = [];
  for (const edge of edges) {
    const holds = edge.when === undefined ? true : evaluate(edge.when, conditionScope()) === true;
    explanation.evaluated.push({ to: edge.to, ...(edge.when ? { when: edge.when } : {}), result: holds });
    if (holds) {
      taken.push(edge);
      if (!parallel) break;
    }
  }
  explanation.taken.push(...taken.map((e) => e.to));
  if (taken.length === 0) {
    const error = {
      code: "route/no-match",
      message: `No edge out of '${stepId}' applies: none of their conditions holds.`,
      hint: `Add an edge without 'when' as the last edge of '${stepId}': it is taken when nothing else applies.`,
    };
    return { ok: false, error, explanation };
  }
  if (!parallel) {
    moveTo(token, taken[0]?.to ?? stepId);
    return { ok: true, explanation };
  }
  const split = { id: `${token.id}/${state.seq}`, branches: taken.length };
  state.tokens = state.tokens.filter((t) => t !== token);
  for (const edge of taken) {
    state.tokens.push({
      id: nextTokenId(state),
      stepId: edge.to,
      status: "ready",
      attempt: 1,
      frames: structuredClone(token.frames),
      splits: [...token.splits, split],
    });
  }
  return { ok: true, explanation };
}

function moveTo(token: Token, stepId: string): void {
  token.stepId = stepId;
  token.attempt = 1;
  token.status = "ready";
  delete token.wait;
  delete token.resume;
}

/** The end of a path: the next for-each item, the for-each's own edges, or the token is done. */
function endOfPath(
  prepared: PreparedWorkflow,
  state: RunState,
  token: Token,
  bindings: () => Record<string, unknown>,
  explanation: RouteExplanation,
): RouteResult {
  const frame = token.frames[token.frames.length - 1];
  if (!frame) {
    state.tokens = state.tokens.filter((t) => t !== token);
    return { ok: true, explanation };
  }
  frame.results.push(state.steps[token.stepId]?.output ?? null);
  frame.index += 1;
  const loop = prepared.steps.get(frame.step);
  if (frame.index < frame.items.length && loop?.step.body) {
    moveTo(token, loop.step.body.start);
    explanation.taken.push(`${frame.step}[${frame.index}]`);
    return { ok: true, explanation };
  }
  token.frames.pop();
  const output: Json = { count: frame.items.length, results: frame.results };
  state.steps[frame.step] = { output };
  token.stepId = frame.step;
  return route(prepared, state, token, frame.step, output, () =>
    withNames(bindings(), { [frame.as]: undefined }),
  );
}

/**
 * A token arrives at a join: it waits (is absorbed) until every branch of its split has arrived
 * (`mode: all`), or goes on as the first (`mode: any`; later arrivals are absorbed).
 */
export function arriveAtJoin(
  state: RunState,
  token: Token,
  joinId: string,
  mode: "all" | "any",
): "continue" | "absorbed" {
  const split = token.splits[token.splits.length - 1];
  if (!split) return "continue";
  const key = `${joinId}@${split.id}`;
  const join = state.joins[key] ?? { arrived: 0, done: false };
  join.arrived += 1;
  state.joins[key] = join;
  const complete = mode === "any" ? !join.done : join.arrived >= split.branches;
  if (!complete) {
    state.tokens = state.tokens.filter((t) => t !== token);
    return "absorbed";
  }
  join.done = true;
  token.splits.pop();
  return "continue";
}
