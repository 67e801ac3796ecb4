import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import type { Component, Diagnostic } from "@switchyard/definitions";
import { useEffect, useMemo, useRef, useState } from "react";
import type { StepInfo } from "../model/graph";
import { configFieldErrors } from "../model/problems";
import { configValidator } from "./config-validator";

const UI: UiSchema = { "ui:submitButtonOptions": { norender: true } };

/** The selected step: its id, name and component, and a config form from the component's schema. */
export function StepPanel({
  step,
  manifest,
  diagnostics,
  readOnly,
  onRename,
  onName,
  onConfig,
  onDelete,
}: {
  readonly step: StepInfo;
  readonly manifest: Component | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly readOnly: boolean;
  onRename(to: string): void;
  onName(name: string): void;
  onConfig(config: Record<string, unknown>): void;
  onDelete(): void;
}) {
  const [id, setId] = useState(step.id);
  const [name, setName] = useState(step.name ?? "");
  useEffect(() => setId(step.id), [step.id]);
  useEffect(() => setName(step.name ?? ""), [step.name]);
  const idValid = /^[a-z][a-z0-9_-]*$/.test(id);
  const own = diagnostics.filter((d) => !isConfigPath(step, d));
  const extraErrors = useMemo(() => configFieldErrors(step, diagnostics), [step, diagnostics]);

  // Typing in the form is written to the YAML after a short pause.
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pending.current), []);

  return (
    <aside className="cv-panel" aria-label={`Step ${step.id}`}>
      <h2>Step</h2>
      <label className="cv-field">
        <span>Id</span>
        <input
          aria-label="Step id"
          value={id}
          readOnly={readOnly}
          aria-invalid={!idValid}
          onChange={(e) => setId(e.target.value)}
          onBlur={() => idValid && id !== step.id && onRename(id)}
          onKeyDown={(e) => e.key === "Enter" && idValid && id !== step.id && onRename(id)}
        />
      </label>
      {!idValid && (
        <p className="cv-field-error" role="alert">
          An id starts with a lowercase letter and has only lowercase letters, digits, _ and -.
        </p>
      )}
      <label className="cv-field">
        <span>Name</span>
        <input
          aria-label="Step name"
          value={name}
          readOnly={readOnly}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name !== (step.name ?? "") && onName(name)}
          onKeyDown={(e) => e.key === "Enter" && name !== (step.name ?? "") && onName(name)}
        />
      </label>
      <p className="cv-field">
        <span>Component</span> <code>{step.component}</code>
        {manifest && <span className="muted"> — {manifest.name}</span>}
      </p>
      {manifest?.description && <p className="muted cv-description">{manifest.description}</p>}
      {own.length > 0 && (
        <ul className="cv-step-problems" aria-label="Problems in this step">
          {own.map((d, i) => (
            <li key={i}>
              <strong>{d.message}</strong> {d.hint}
            </li>
          ))}
        </ul>
      )}
      <h3>Settings</h3>
      {manifest?.config ? (
        <Form
          key={step.id}
          className="cv-config-form"
          schema={manifest.config as RJSFSchema}
          uiSchema={UI}
          formData={step.config}
          validator={configValidator}
          extraErrors={extraErrors as never}
          showErrorList={false}
          disabled={readOnly}
          experimental_defaultFormStateBehavior={{ emptyObjectFields: "skipDefaults" }}
          onChange={(event) => {
            window.clearTimeout(pending.current);
            const data = (event.formData ?? {}) as Record<string, unknown>;
            pending.current = window.setTimeout(() => onConfig(data), 400);
          }}
        />
      ) : (
        <p className="muted">
          {manifest ? "This component has no settings." : "The component's manifest could not be loaded."}
        </p>
      )}
      {!readOnly && (
        <button type="button" className="cv-danger" aria-label={`Delete step ${step.id}`} onClick={onDelete}>
          Delete step
        </button>
      )}
    </aside>
  );
}

function isConfigPath(step: StepInfo, d: Diagnostic): boolean {
  const path = d.path ?? [];
  return (
    step.path.every((p, i) => p === path[i]) &&
    path[step.path.length] === "config" &&
    path.length > step.path.length + 1
  );
}
