import type { Component } from "@switchyard/definitions";
import { approvalComponent } from "./builtin/approval.js";
import { assignComponent } from "./builtin/assign.js";
import { createRecordComponent } from "./builtin/create-record.js";
import { findRecordComponent } from "./builtin/find-record.js";
import { formTaskComponent } from "./builtin/form-task.js";
import { httpComponent } from "./builtin/http.js";
import { notifyComponent } from "./builtin/notify.js";
import { scoreComponent } from "./builtin/score.js";
import { sendEmailComponent } from "./builtin/send-email.js";
import { setComponent } from "./builtin/set.js";
import { updateRecordComponent } from "./builtin/update-record.js";
import { waitComponent } from "./builtin/wait.js";
import type { ComponentImplementation } from "./contract.js";
import { scriptImplementation } from "./script.js";

/**
 * The built-in components the runtime implements, by id. Control flow (`core.switch`,
 * `core.parallel`, `core.join`, `core.for-each`, `core.sub-workflow`) is not here: the engine
 * runs it itself.
 */
export const builtinImplementations: ReadonlyMap<string, ComponentImplementation> = new Map(
  [
    setComponent,
    createRecordComponent,
    updateRecordComponent,
    findRecordComponent,
    scoreComponent,
    assignComponent,
    notifyComponent,
    sendEmailComponent,
    httpComponent,
    approvalComponent,
    formTaskComponent,
    waitComponent,
  ].map((impl) => [impl.id, impl]),
);

// One script implementation per manifest object: manifests are immutable once published.
const scripts = new WeakMap<Component, ComponentImplementation>();

/**
 * What runs a step of this component: the built-in of that id, or for a script manifest the
 * sandboxed script. Undefined for an id the runtime does not implement (including the engine's
 * control-flow components).
 */
export function implementationFor(manifest: Component): ComponentImplementation | undefined {
  if (manifest.implementation.type === "builtin") return builtinImplementations.get(manifest.id);
  let impl = scripts.get(manifest);
  if (impl === undefined) {
    impl = scriptImplementation(manifest);
    scripts.set(manifest, impl);
  }
  return impl;
}
