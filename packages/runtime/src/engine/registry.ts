import { BUILTIN_COMPONENTS, type Component, type Entity, type Workflow } from "@switchyard/definitions";
import type { Store } from "@switchyard/store";
import semver from "semver";
import { workflowTypes } from "./bindings.js";
import type { RunnableWorkflow } from "./services.js";
import { prepareWorkflow } from "./workflow-index.js";

interface TenantDefinitions {
  readonly entities: Map<string, Entity>;
  readonly components: Map<string, Component[]>;
  readonly live: Map<string, { version: number; workflow: Workflow }>;
  /** Versions running in shadow beside the live ones (at most one per workflow). */
  readonly shadow: Map<string, { version: number; workflow: Workflow }>;
}

/**
 * What each tenant has published, as the engine needs it: live entities, components and workflow
 * versions, loaded from the store and kept in memory. Versions are immutable, so prepared
 * workflows are cached by (workflow, version) for good.
 */
export class Registry {
  private readonly tenants = new Map<string, TenantDefinitions>();
  private readonly prepared = new Map<string, RunnableWorkflow>();

  constructor(private readonly store: Store) {}

  /** (Re)reads a tenant's live definitions, e.g. after a publish or promotion. */
  async load(tenantId: string): Promise<void> {
    const [entities, components, workflows] = await Promise.all(
      ["entity", "component", "workflow"].map((kind) =>
        this.store.versionsWithStatus(tenantId, kind, "live"),
      ),
    );
    const byVersion = new Map<string, Component[]>();
    for (const v of components ?? []) {
      const c = v.body as Component;
      byVersion.set(c.id, [...(byVersion.get(c.id) ?? []), c]);
    }
    const shadow = await this.store.versionsWithStatus(tenantId, "workflow", "shadow");
    this.tenants.set(tenantId, {
      shadow: new Map(
        shadow.map((v) => [v.definitionId, { version: v.version, workflow: v.body as Workflow }]),
      ),
      entities: new Map((entities ?? []).map((v) => [v.definitionId, v.body as Entity])),
      components: byVersion,
      live: new Map(
        (workflows ?? []).map((v) => [v.definitionId, { version: v.version, workflow: v.body as Workflow }]),
      ),
    });
  }

  private tenant(tenantId: string): TenantDefinitions {
    return (
      this.tenants.get(tenantId) ?? {
        entities: new Map(),
        components: new Map(),
        live: new Map(),
        shadow: new Map(),
      }
    );
  }

  tenantIds(): string[] {
    return [...this.tenants.keys()];
  }

  entity(tenantId: string, id: string): Entity | undefined {
    return this.tenant(tenantId).entities.get(id);
  }

  liveWorkflows(tenantId: string): { version: number; workflow: Workflow }[] {
    return [...this.tenant(tenantId).live.values()];
  }

  shadowWorkflows(tenantId: string): { version: number; workflow: Workflow }[] {
    return [...this.tenant(tenantId).shadow.values()];
  }

  liveWorkflow(tenantId: string, id: string): { version: number; workflow: Workflow } | undefined {
    return this.tenant(tenantId).live.get(id);
  }

  /** The newest version of a component matching a step's `id@range` reference. */
  component(tenantId: string, ref: string): Component | undefined {
    const at = ref.indexOf("@");
    const id = at < 0 ? ref : ref.slice(0, at);
    const range = at < 0 ? "*" : ref.slice(at + 1);
    const versions = [
      ...BUILTIN_COMPONENTS.filter((c) => c.id === id),
      ...(this.tenant(tenantId).components.get(id) ?? []),
    ];
    const best = semver.maxSatisfying(
      versions.map((c) => c.version),
      range,
    );
    return versions.find((c) => c.version === best);
  }

  /** A workflow version ready to run; read from the store once, then cached (versions never change). */
  async workflow(tenantId: string, workflowId: string, version: number): Promise<RunnableWorkflow> {
    const key = `${tenantId}\u0000${workflowId}\u0000${version}`;
    const cached = this.prepared.get(key);
    if (cached) return cached;
    const stored = await this.store.getVersion(tenantId, "workflow", workflowId, version);
    if (!stored) throw new Error(`workflow ${workflowId} version ${version} is not in the store`);
    const prepared = prepareWorkflow(stored.body as Workflow, version, (ref) =>
      this.component(tenantId, ref),
    );
    const runnable = {
      ...prepared,
      types: workflowTypes(prepared, (id) => this.entity(tenantId, id)?.schema),
    };
    this.prepared.set(key, runnable);
    return runnable;
  }
}
