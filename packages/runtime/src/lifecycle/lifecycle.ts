import {
  BUILTIN_COMPONENTS,
  type CheckedDefinition,
  type Component,
  type ComplianceFinding,
  type Diagnostic,
  diffFieldReads,
  diffFieldWrites,
  type FieldReadsChange,
  fieldReadsByStep,
  fieldWritesByStep,
  type Justification,
  scanCompliance,
  type SourceFile,
  validateSources,
  type Workflow,
} from "@switchyard/definitions";
import type { BreakerRow, DefinitionVersion, Store, WhitelistEntry } from "@switchyard/store";
import { parseBreakerKey, workflowKey } from "../breakers/policy.js";
import type { Engine } from "../engine/engine.js";
import { publishDetail } from "../engine/publish-audit.js";
import type { RunState } from "../engine/run-state.js";
import { buildShadowReport, type ShadowReport } from "../shadow/index.js";
import { componentHash } from "../whitelist/content-hash.js";
import { evaluateGates, type GateResult } from "./gates.js";
import { liveHistory, previousLive } from "./history.js";
import { complianceProblems, type PublishProblem, whitelistProblems } from "./publish-checks.js";

/** A lifecycle act that could not be done, with a stable code and what to do instead. */
export class LifecycleError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "LifecycleError";
  }
}

export interface PublishOptions {
  /** Recorded reasons that let a sensitive attribute be used in a decision step. */
  readonly justifications?: readonly Justification[];
  /** Start workflows' shadow runs at once (default); false leaves them `validated`. */
  readonly shadow?: boolean;
}

export interface PublishedVersion {
  readonly kind: string;
  readonly id: string;
  readonly version: number;
  readonly status: string;
}

export type PublishResult =
  | {
      readonly ok: true;
      readonly published: readonly PublishedVersion[];
      readonly diagnostics: readonly Diagnostic[];
      readonly compliance: readonly ComplianceFinding[];
    }
  | {
      readonly ok: false;
      readonly code: "invalid" | "not-whitelisted" | "compliance-blocked";
      readonly message: string;
      readonly diagnostics: readonly Diagnostic[];
      readonly problems: readonly PublishProblem[];
      readonly compliance: readonly ComplianceFinding[];
    };

/** Which entity fields each step of a version reads and writes, and the change from another version. */
export interface Lineage {
  readonly workflowId: string;
  readonly version: number;
  readonly steps: readonly { step: string; reads: readonly string[]; writes: readonly string[] }[];
  readonly changes?: {
    readonly from: number;
    readonly reads: readonly FieldReadsChange[];
    readonly writes: readonly FieldReadsChange[];
  };
}

/** A shadow version's standing: its report and the gates it must pass. */
export interface ShadowStatus {
  readonly workflowId: string;
  readonly version: number;
  readonly status: string;
  readonly report: ShadowReport;
  readonly gates: readonly GateResult[];
  readonly promotable: boolean;
}

export interface LifecycleOptions {
  readonly engine: Engine;
  readonly store: Store;
  readonly clock?: () => number;
  /**
   * How replayed runs get done: "drain" runs the engine until idle (CLI, tests); "loop" waits for
   * the server's engine loop to finish them.
   */
  readonly drive?: "drain" | "loop";
}

const DAY = 86_400_000;

/**
 * The governed path from a draft to a live version: publish (validate, whitelist, compliance) →
 * shadow → gates + sign-off → promote → live; rollback and retirement; breakers and the whitelist.
 * Every act writes an audit entry.
 */
export class Lifecycle {
  private readonly engine: Engine;
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly drive: "drain" | "loop";

  constructor(options: LifecycleOptions) {
    this.engine = options.engine;
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.drive = options.drive ?? "drain";
    this.engine.onRollback = (tenantId, workflowId, actor, reason) =>
      this.rollback(tenantId, workflowId, actor, { reason });
  }

  /** Validates a project against the tenant's live definitions and publishes what changed. */
  async publish(
    tenantId: string,
    sources: readonly SourceFile[],
    actor: string,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    await this.store.ensureTenant(tenantId, tenantId);
    const live = await this.liveBodies(tenantId);
    const first = validateSources(sources);
    const own = new Set(first.definitions.map((d) => `${d.kind}:${d.id}`));
    const context: SourceFile[] = [...live]
      .filter(([key]) => !own.has(key))
      .map(([key, body]) => ({ path: `live/${key.replace(":", "-")}.json`, text: JSON.stringify(body) }));
    const report = validateSources([...sources, ...context]);
    const files = new Set(sources.map((s) => s.path));
    const diagnostics = report.diagnostics.filter((d) => !d.location || files.has(d.location.file));
    const compliance = scanCompliance(report, { justifications: options.justifications ?? [] }).filter((f) =>
      files.has(f.file),
    );
    if (diagnostics.some((d) => d.severity === "error"))
      return {
        ok: false,
        code: "invalid",
        message: "The definitions have errors; fix them and publish again.",
        diagnostics,
        problems: [],
        compliance,
      };
    const notWhitelisted = whitelistProblems(
      report,
      sources,
      await this.store.governance.listWhitelist(tenantId),
    );
    if (notWhitelisted.length > 0)
      return {
        ok: false,
        code: "not-whitelisted",
        message: `Publishing needs components IT has not approved (${notWhitelisted.length} problem(s)).`,
        diagnostics,
        problems: notWhitelisted,
        compliance,
      };
    const blocked = complianceProblems(compliance, files);
    if (blocked.length > 0)
      return {
        ok: false,
        code: "compliance-blocked",
        message: `The compliance scan blocks this publish (${blocked.length} finding(s)).`,
        diagnostics,
        problems: blocked,
        compliance,
      };

    const published: PublishedVersion[] = [];
    const texts = new Map(sources.map((s) => [s.path, s.text]));
    const now = this.clock();
    for (const d of report.definitions) {
      if (!files.has(d.file) || d.kind === "bundle") continue;
      const status = d.kind === "workflow" ? (options.shadow === false ? "validated" : "shadow") : "live";
      const previous = live.get(`${d.kind}:${d.id}`);
      if (status === "live" && JSON.stringify(previous) === JSON.stringify(d.definition)) continue;
      if (d.kind === "workflow" && (await this.sameAsPending(tenantId, d))) continue;
      const version = await this.store.publishVersion({
        tenantId,
        kind: d.kind,
        definitionId: d.id,
        source: texts.get(d.file) ?? "",
        body: d.definition,
        status: "draft",
        createdBy: actor,
      });
      await this.store.audit.append({
        tenantId,
        actor,
        action: "publish",
        object: `${d.kind}/${d.id}`,
        version: version.version,
        detail: { status, ...publishDetail(d, previous, compliance) },
        at: now,
      });
      if (status === "shadow") {
        const [superseded] = (await this.store.versionsWithStatus(tenantId, "workflow", "shadow")).filter(
          (x) => x.definitionId === d.id && x.version !== version.version,
        );
        if (superseded)
          await this.endShadow(
            tenantId,
            d.id,
            superseded.version,
            actor,
            `superseded by version ${version.version}`,
          );
      }
      await this.store.setVersionStatus(tenantId, d.kind, d.id, version.version, status);
      if (status === "shadow") await this.beginShadow(tenantId, d.id, version.version, actor);
      published.push({ kind: d.kind, id: d.id, version: version.version, status });
    }
    await this.engine.registry.load(tenantId);
    return { ok: true, published, diagnostics, compliance };
  }

  /** Puts a validated (or earlier) version of a workflow in shadow mode beside the live one. */
  async startShadow(tenantId: string, workflowId: string, version: number, actor: string): Promise<void> {
    const v = await this.version(tenantId, workflowId, version);
    if (v.status === "live")
      throw new LifecycleError(
        "lifecycle/already-live",
        `Version ${version} of '${workflowId}' is live.`,
        "Publish a change to shadow it.",
      );
    await this.store.setVersionStatus(tenantId, "workflow", workflowId, version, "shadow");
    await this.beginShadow(tenantId, workflowId, version, actor);
    await this.engine.registry.load(tenantId);
  }

  /** Ends a shadow run without promoting: the version is retired. */
  async stopShadow(tenantId: string, workflowId: string, actor: string, reason = ""): Promise<number> {
    const shadow = await this.shadowVersion(tenantId, workflowId);
    await this.store.setVersionStatus(tenantId, "workflow", workflowId, shadow.version, "retired");
    await this.endShadow(tenantId, workflowId, shadow.version, actor, reason);
    await this.engine.registry.load(tenantId);
    return shadow.version;
  }

  private async endShadow(
    tenantId: string,
    workflowId: string,
    version: number,
    actor: string,
    reason: string,
  ): Promise<void> {
    await this.store.governance.stopShadow(tenantId, workflowId, version, this.clock());
    await this.audit(tenantId, actor, "shadow-stop", workflowId, version, { reason });
  }

  /** The shadow report and gates of the workflow's version in shadow (or `version`). */
  async shadowStatus(tenantId: string, workflowId: string, version?: number): Promise<ShadowStatus> {
    const v =
      version === undefined
        ? await this.shadowVersion(tenantId, workflowId)
        : await this.version(tenantId, workflowId, version);
    const workflow = v.body as Workflow;
    const session = await this.store.governance.getShadowSession(tenantId, workflowId, v.version);
    const report = await this.report(tenantId, v);
    const gates = evaluateGates({
      policy: workflow.shadow,
      session,
      evidence: {
        events: report.totals.events,
        shadowErrors: report.totals.shadowErrors,
        anomalies: report.events.filter((e) => e.anomaly && e.shadowStatus !== "failed").length,
        boundaryViolations: report.totals.boundaryViolations,
      },
      approvals: await this.store.governance.approvals(tenantId, "workflow", workflowId, v.version),
      author: v.createdBy,
      now: this.clock(),
    });
    return {
      workflowId,
      version: v.version,
      status: v.status,
      report,
      gates,
      promotable: v.status === "shadow" && gates.every((g) => g.passed),
    };
  }

  /** An approver's sign-off (or rejection) of a shadow version; authors may not approve their own. */
  async approve(
    tenantId: string,
    workflowId: string,
    version: number,
    approver: string,
    decision: "approved" | "rejected",
    comment?: string,
  ): Promise<void> {
    const v = await this.version(tenantId, workflowId, version);
    if (v.status !== "shadow")
      throw new LifecycleError(
        "lifecycle/not-in-shadow",
        `Version ${version} of '${workflowId}' is ${v.status}, not in shadow; only a shadow version is signed off.`,
        "Start its shadow run first.",
      );
    if (v.createdBy === approver)
      throw new LifecycleError(
        "lifecycle/self-approval",
        `${approver} published version ${version} and may not approve it.`,
        "Ask another approver to review the shadow report.",
      );
    await this.store.governance.putApproval({
      tenantId,
      kind: "workflow",
      definitionId: workflowId,
      version,
      approver,
      decision,
      comment: comment ?? null,
      at: this.clock(),
    });
    await this.audit(
      tenantId,
      approver,
      decision === "approved" ? "approve" : "reject",
      workflowId,
      version,
      {
        comment: comment ?? null,
      },
    );
  }

  /**
   * Makes the shadow version live once every gate passes. `force` (with a reason) promotes anyway;
   * the failed gates go into the audit entry.
   */
  async promote(
    tenantId: string,
    workflowId: string,
    actor: string,
    options: { version?: number; force?: { reason: string } } = {},
  ): Promise<{
    version: number;
    previous: number | undefined;
    gates: readonly GateResult[];
    forced: boolean;
  }> {
    const status = await this.shadowStatus(tenantId, workflowId, options.version);
    const failed = status.gates.filter((g) => !g.passed);
    if (status.status !== "shadow" && !options.force)
      throw new LifecycleError(
        "lifecycle/not-in-shadow",
        `Version ${status.version} of '${workflowId}' is ${status.status}; only a version in shadow is promoted.`,
        "Start its shadow run, or promote with --force and a reason.",
      );
    if (failed.length > 0 && !options.force)
      throw new LifecycleError(
        "lifecycle/gates-failed",
        `Version ${status.version} of '${workflowId}' does not pass its promotion gates: ${failed
          .map((g) => `${g.id} (needs ${g.required}; has ${g.actual})`)
          .join("; ")}.`,
        failed.map((g) => g.message).join(" "),
        { gates: status.gates },
      );
    const previous = this.engine.registry.liveWorkflow(tenantId, workflowId);
    const v = await this.version(tenantId, workflowId, status.version);
    await this.store.setVersionStatus(tenantId, "workflow", workflowId, status.version, "live");
    await this.store.governance.stopShadow(tenantId, workflowId, status.version, this.clock());
    await this.audit(tenantId, actor, "promote", workflowId, status.version, {
      status: "live",
      previousLive: previous?.version ?? null,
      forced: options.force ? { reason: options.force.reason, failedGates: failed.map((g) => g.id) } : null,
      gates: status.gates.map((g) => ({ id: g.id, passed: g.passed, actual: g.actual })),
      shadow: status.report.totals,
      diff: previous ? publishDetail(checkedOf(v), previous.workflow).diff : [],
    });
    await this.engine.registry.load(tenantId);
    return {
      version: status.version,
      previous: previous?.version,
      gates: status.gates,
      forced: !!options.force,
    };
  }

  /**
   * Makes an earlier version live again (by default the one live before the current), as a new
   * audited act, and releases the runs breakers held: they run on the restored version.
   */
  async rollback(
    tenantId: string,
    workflowId: string,
    actor: string,
    options: { toVersion?: number; reason?: string } = {},
  ): Promise<{ from: number; to: number; resumed: number; restarted: number; needsReview: string[] }> {
    const current = this.engine.registry.liveWorkflow(tenantId, workflowId);
    if (!current)
      throw new LifecycleError(
        "lifecycle/not-live",
        `'${workflowId}' has no live version to roll back.`,
        "Check the workflow id.",
      );
    const to =
      options.toVersion ??
      previousLive(await liveHistory(this.store, tenantId, "workflow", workflowId), current.version);
    if (to === undefined)
      throw new LifecycleError(
        "lifecycle/no-previous",
        `'${workflowId}' has had no other live version to roll back to.`,
        "Name a version with --to, or stop the workflow's breaker instead.",
      );
    if (to === current.version)
      throw new LifecycleError(
        "lifecycle/same-version",
        `Version ${to} of '${workflowId}' is already live.`,
        "Name another version.",
      );
    const target = await this.version(tenantId, workflowId, to);
    await this.store.setVersionStatus(tenantId, "workflow", workflowId, to, "live");
    await this.audit(tenantId, actor, "rollback", workflowId, to, {
      status: "live",
      from: current.version,
      reason: options.reason ?? null,
      diff: publishDetail(checkedOf(target), current.workflow).diff,
    });
    await this.engine.registry.load(tenantId);
    // The rolled-back version's breaker has done its job; closing it lets reviewed runs finish.
    const breaker = await this.engine.breakers.get(tenantId, workflowKey(workflowId, current.version));
    if (breaker && breaker.state !== "closed") {
      const closed = await this.engine.breakers.close(tenantId, breaker.key, `rolled back to version ${to}`);
      await this.engine.breakerMoved(closed, current.workflow, actor, { release: false });
    }
    const released = await this.engine.releaseHeld(tenantId, workflowId, { includeAnomalies: true });
    return { from: current.version, to, ...released };
  }

  /**
   * Lets paused runs go on where they stopped, on the version they started on — for runs a
   * breaker or an anomaly rule held that a person has reviewed and found right.
   */
  async resumeRuns(tenantId: string, runIds: readonly string[], actor: string, reason = ""): Promise<number> {
    let resumed = 0;
    for (const id of runIds) {
      const run = await this.store.getRun(id);
      if (!run || run.tenantId !== tenantId || run.status !== "paused") continue;
      await this.store.commit({ run: { ...run, status: "running", error: null, updatedAt: this.clock() } });
      await this.audit(tenantId, actor, "run-resume", run.workflowId, run.version, { run: id, reason });
      resumed += 1;
    }
    if (this.drive === "drain") await this.engine.drain();
    return resumed;
  }

  /** Takes a workflow out of service: no live version, no new runs (runs in flight finish). */
  async retire(tenantId: string, workflowId: string, actor: string, reason = ""): Promise<number> {
    const current = this.engine.registry.liveWorkflow(tenantId, workflowId);
    if (!current)
      throw new LifecycleError(
        "lifecycle/not-live",
        `'${workflowId}' has no live version.`,
        "Check the workflow id.",
      );
    await this.store.setVersionStatus(tenantId, "workflow", workflowId, current.version, "retired");
    await this.audit(tenantId, actor, "retire", workflowId, current.version, { reason });
    await this.engine.registry.load(tenantId);
    return current.version;
  }

  /**
   * Runs the shadow version over the tenant's stored events of the last `days` days and reports at
   * once (records are read as they are now). Events it already saw in shadow are not run again.
   */
  async replay(
    tenantId: string,
    workflowId: string,
    days: number,
    actor: string,
    version?: number,
  ): Promise<ShadowStatus> {
    const v =
      version === undefined
        ? await this.shadowVersion(tenantId, workflowId)
        : await this.version(tenantId, workflowId, version);
    const since = this.clock() - days * DAY;
    const events = await this.store.eventsSince(tenantId, since, 100_000);
    const runIds = await this.engine.startShadowRuns(tenantId, workflowId, v.version, events);
    await this.audit(tenantId, actor, "shadow-replay", workflowId, v.version, {
      days,
      events: runIds.length,
    });
    await this.finish(runIds);
    const status = await this.shadowStatus(tenantId, workflowId, v.version);
    return status;
  }

  /**
   * Per step, the entity fields a version reads (from its CEL) and writes (record steps), and —
   * with `compareTo` — what changed since that version.
   */
  async lineage(tenantId: string, workflowId: string, version: number, compareTo?: number): Promise<Lineage> {
    const of = async (n: number) => {
      const v = await this.version(tenantId, workflowId, n);
      const workflow = v.body as Workflow;
      const report = validateSources([
        { path: `${workflowId}.workflow.json`, text: JSON.stringify(workflow) },
        ...(await this.entityContext(tenantId)),
      ]);
      const checked = report.definitions.find((d) => d.kind === "workflow" && d.id === workflowId);
      return { workflow, reads: checked?.reads ?? [], path: checked?.path ?? [] };
    };
    const current = await of(version);
    const reads = fieldReadsByStep(current);
    const writes = fieldWritesByStep(current.workflow);
    const steps = [...new Set([...reads.keys(), ...writes.keys()])].map((step) => ({
      step,
      reads: [...(reads.get(step) ?? [])].sort(),
      writes: [...(writes.get(step) ?? [])].sort(),
    }));
    if (compareTo === undefined) return { workflowId, version, steps };
    const before = await of(compareTo);
    return {
      workflowId,
      version,
      steps,
      changes: {
        from: compareTo,
        reads: diffFieldReads(before, current),
        writes: diffFieldWrites(before.workflow, current.workflow),
      },
    };
  }

  /** Breakers of the tenant with the runs each holds. */
  async breakers(tenantId: string): Promise<(BreakerRow & { held: number; anomalies: number })[]> {
    const rows = await this.store.governance.listBreakers(tenantId);
    const paused = await this.store.listRuns({ tenantId, status: "paused", mode: "live", limit: 1_000_000 });
    const code = (r: (typeof paused)[number]) => (r.error as { code?: string } | null)?.code ?? "";
    return rows.map((row) => {
      const component = row.key.startsWith("component:");
      const mine = paused.filter((r) => component || row.key === workflowKey(r.workflowId, r.version));
      return {
        ...row,
        held: mine.filter((r) => code(r) === (component ? "breaker/component-held" : "breaker/held")).length,
        anomalies: component ? 0 : mine.filter((r) => code(r) === "breaker/anomaly").length,
      };
    });
  }

  /**
   * Resumes a breaker: `close` releases everything it held (runs held as anomalies too when
   * `includeAnomalies`); `probe` lets the oldest held run through and lets its outcome decide.
   */
  async resetBreaker(
    tenantId: string,
    key: string,
    actor: string,
    options: { mode?: "close" | "probe"; includeAnomalies?: boolean } = {},
  ): Promise<{ state: string; resumed: number; restarted: number; needsReview: string[] }> {
    const row = await this.engine.breakers.get(tenantId, key);
    if (!row || row.state === "closed")
      throw new LifecycleError(
        "breaker/not-open",
        `The breaker '${key}' is not open.`,
        "switchyard breaker status lists the open ones.",
      );
    const workflow = await this.workflowOfKey(tenantId, key);
    if (options.mode === "probe") {
      const probe = await this.engine.probeBreaker(row, actor);
      if (!probe)
        throw new LifecycleError(
          "breaker/nothing-held",
          `The breaker '${key}' holds no run to probe with.`,
          "Close it instead.",
        );
      return { state: "half-open", resumed: 1, restarted: 0, needsReview: [] };
    }
    const closed = await this.engine.breakers.close(tenantId, key, `closed by ${actor}`);
    await this.engine.breakerMoved(closed, workflow, actor);
    const released = options.includeAnomalies
      ? await this.engine.releaseHeld(tenantId, undefined, { includeAnomalies: true })
      : { resumed: 0, restarted: 0, needsReview: [] };
    return { state: "closed", ...released };
  }

  /** Approves a component (built-in, published, or given) for publishing and running. */
  async whitelistAdd(
    tenantId: string,
    entry: {
      componentId: string;
      version: string;
      owner: string;
      callsPerMinute?: number | null;
      component?: Component;
    },
    actor: string,
  ): Promise<WhitelistEntry> {
    const component =
      entry.component ?? (await this.findComponent(tenantId, entry.componentId, entry.version));
    if (!component || component.id !== entry.componentId || component.version !== entry.version)
      throw new LifecycleError(
        "whitelist/unknown-component",
        `There is no component ${entry.componentId}@${entry.version} to approve.`,
        "Give the component's definition (switchyard whitelist add --file component.yaml), or check the id and version.",
      );
    await this.store.ensureTenant(tenantId, tenantId);
    const row: WhitelistEntry = {
      tenantId,
      componentId: entry.componentId,
      version: entry.version,
      contentHash: componentHash(component),
      owner: entry.owner,
      callsPerMinute: entry.callsPerMinute ?? null,
      addedBy: actor,
      addedAt: this.clock(),
    };
    await this.store.governance.putWhitelist(row);
    await this.store.audit.append({
      tenantId,
      actor,
      action: "whitelist-add",
      object: `component/${entry.componentId}`,
      detail: {
        version: row.version,
        contentHash: row.contentHash,
        owner: row.owner,
        callsPerMinute: row.callsPerMinute,
      },
      at: row.addedAt,
    });
    this.engine.admission.invalidate(tenantId);
    return row;
  }

  async whitelistRemove(
    tenantId: string,
    componentId: string,
    version: string,
    actor: string,
  ): Promise<void> {
    if (!(await this.store.governance.removeWhitelist(tenantId, componentId, version)))
      throw new LifecycleError(
        "whitelist/not-listed",
        `${componentId}@${version} is not on the whitelist.`,
        "switchyard whitelist list shows what is.",
      );
    await this.store.audit.append({
      tenantId,
      actor,
      action: "whitelist-remove",
      object: `component/${componentId}`,
      detail: { version },
      at: this.clock(),
    });
    this.engine.admission.invalidate(tenantId);
  }

  /** Approves every built-in component at its current version (a new tenant's starting list). */
  async whitelistBuiltins(tenantId: string, actor: string, owner = "platform"): Promise<void> {
    const listed = new Set(
      (await this.store.governance.listWhitelist(tenantId)).map((e) => `${e.componentId}@${e.version}`),
    );
    for (const c of BUILTIN_COMPONENTS)
      if (!listed.has(`${c.id}@${c.version}`))
        await this.whitelistAdd(
          tenantId,
          { componentId: c.id, version: c.version, owner, component: c },
          actor,
        );
  }

  private async report(tenantId: string, v: DefinitionVersion): Promise<ShadowReport> {
    const workflow = v.body as Workflow;
    const report = validateSources([
      { path: `${workflow.id}.workflow.json`, text: JSON.stringify(workflow) },
      ...(await this.entityContext(tenantId)),
    ]);
    const checked = report.definitions.find((d) => d.kind === "workflow" && d.id === workflow.id);
    const fieldsRead = checked
      ? fieldReadsByStep({ workflow, reads: checked.reads, path: checked.path })
      : undefined;
    const compliance = scanCompliance(report).filter((f) => f.workflow === workflow.id);
    const shadowRuns = await this.store.listRuns({
      tenantId,
      workflowId: v.definitionId,
      mode: "shadow",
      version: v.version,
      limit: 100_000,
    });
    const anomalies = new Set(
      shadowRuns.filter((r) => ((r.state as RunState).anomalies ?? []).length > 0).map((r) => r.id),
    );
    return buildShadowReport({
      store: this.store,
      tenantId,
      workflowId: v.definitionId,
      shadowVersion: v.version,
      workflow,
      ...(fieldsRead ? { fieldsRead } : {}),
      compliance,
      anomalies,
    });
  }

  private async entityContext(tenantId: string): Promise<SourceFile[]> {
    const bodies = await this.liveBodies(tenantId);
    return [...bodies]
      .filter(([key]) => !key.startsWith("workflow:"))
      .map(([key, body]) => ({ path: `live/${key.replace(":", "-")}.json`, text: JSON.stringify(body) }));
  }

  private async finish(runIds: readonly string[]): Promise<void> {
    if (this.drive === "drain") {
      await this.engine.drain();
      return;
    }
    const deadline = Date.now() + 120_000;
    for (;;) {
      const runs = await Promise.all(runIds.map((id) => this.store.getRun(id)));
      if (runs.every((r) => !r || r.status !== "running") || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async beginShadow(
    tenantId: string,
    workflowId: string,
    version: number,
    actor: string,
  ): Promise<void> {
    const now = this.clock();
    await this.store.governance.startShadow({
      tenantId,
      workflowId,
      version,
      startedAt: now,
      startedBy: actor,
    });
    await this.audit(tenantId, actor, "shadow-start", workflowId, version, {});
  }

  private async audit(
    tenantId: string,
    actor: string,
    action: string,
    workflowId: string,
    version: number,
    detail: unknown,
  ): Promise<void> {
    await this.store.audit.append({
      tenantId,
      actor,
      action,
      object: `workflow/${workflowId}`,
      version,
      detail,
      at: this.clock(),
    });
  }

  private async version(tenantId: string, workflowId: string, version: number): Promise<DefinitionVersion> {
    const v = await this.store.getVersion(tenantId, "workflow", workflowId, version);
    if (!v)
      throw new LifecycleError(
        "lifecycle/unknown-version",
        `'${workflowId}' has no version ${version}.`,
        "switchyard versions lists the versions of a definition.",
      );
    return v;
  }

  private async shadowVersion(tenantId: string, workflowId: string): Promise<DefinitionVersion> {
    const [v] = (await this.store.versionsWithStatus(tenantId, "workflow", "shadow")).filter(
      (x) => x.definitionId === workflowId,
    );
    if (!v)
      throw new LifecycleError(
        "lifecycle/no-shadow",
        `'${workflowId}' has no version in shadow mode.`,
        "Publish a change (it starts in shadow), or start the shadow of a validated version.",
      );
    return v;
  }

  private async sameAsPending(tenantId: string, d: CheckedDefinition): Promise<boolean> {
    for (const status of ["shadow", "validated"]) {
      const [v] = (await this.store.versionsWithStatus(tenantId, "workflow", status)).filter(
        (x) => x.definitionId === d.id,
      );
      if (v && JSON.stringify(v.body) === JSON.stringify(d.definition)) return true;
    }
    const live = this.engine.registry.liveWorkflow(tenantId, d.id);
    return live !== undefined && JSON.stringify(live.workflow) === JSON.stringify(d.definition);
  }

  private async liveBodies(tenantId: string): Promise<Map<string, unknown>> {
    const bodies = new Map<string, unknown>();
    for (const kind of ["entity", "component", "workflow", "form", "variant"])
      for (const v of await this.store.versionsWithStatus(tenantId, kind, "live"))
        bodies.set(`${kind}:${v.definitionId}`, v.body);
    return bodies;
  }

  private async findComponent(tenantId: string, id: string, version: string): Promise<Component | undefined> {
    const builtin = BUILTIN_COMPONENTS.find((c) => c.id === id && c.version === version);
    if (builtin) return builtin;
    const versions = await this.store.latestVersions(tenantId, "component");
    for (const v of versions) {
      const body = v.body as Component;
      if (body.id === id && body.version === version) return body;
    }
    return undefined;
  }

  private async workflowOfKey(tenantId: string, key: string): Promise<Workflow | undefined> {
    const [kind, ref] = parseBreakerKey(key);
    if (kind !== "workflow") return undefined;
    const v = await this.store.getVersion(tenantId, "workflow", ref.id, Number(ref.version));
    return v?.body as Workflow | undefined;
  }
}

/** A stored version as the audit's publish detail expects it. */
function checkedOf(v: DefinitionVersion): CheckedDefinition {
  return {
    file: `${v.definitionId}.${v.kind}.json`,
    path: [],
    kind: v.kind as CheckedDefinition["kind"],
    id: v.definitionId,
    definition: v.body as CheckedDefinition["definition"],
    valid: true,
    reads: [],
  };
}
