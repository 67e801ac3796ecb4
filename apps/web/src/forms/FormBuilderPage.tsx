import { type Entity, fieldAt } from "@switchyard/definitions";
import { useCallback, useEffect, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import type { Document } from "yaml";
import { parse } from "yaml";
import { api, ApiError } from "../api/client";
import { useSession } from "../app/session";
import { ComputedRules } from "./ComputedRules";
import { DiagnosticsList, type Problem } from "./DiagnosticsList";
import type { EntityField } from "./FieldPalette";
import { fieldLabel } from "./FieldPalette";
import {
  formText,
  labelText,
  newFormSource,
  parseFormDocument,
  readLayout,
  removeField,
  removeSection,
  renameSection,
  setFormTitle,
  setPlacementProp,
  setSectionProp,
  addSection,
} from "./form-document";
import { useFormCheck } from "./form-check";
import { FormPreview } from "./FormPreview";
import { LayoutEditor } from "./LayoutEditor";
import { PreviewBoundary } from "./PreviewBoundary";
import { buildPreview } from "./preview-schema";
import "./forms.css";

interface DefinitionDetail {
  latest: { source: string; body: unknown; version: number } | null;
  draft: { source: string } | null;
}

interface LoadedEntity {
  readonly definition: Entity;
  readonly source: string;
}

type Outcome = { kind: "ok" | "error"; message: string; problems?: readonly Problem[] } | null;

/** The form builder: entity fields, sections, live preview, YAML and diagnostics, save and publish. */
export function FormBuilderPage() {
  const { id = "" } = useParams();
  const [search] = useSearchParams();
  const { can } = useSession();
  const [text, setText] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [isNew, setIsNew] = useState(false);
  const [entity, setEntity] = useState<LoadedEntity | null>(null);
  const [entityError, setEntityError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  useEffect(() => {
    let live = true;
    api<DefinitionDetail>("GET", `/api/definitions/form/${encodeURIComponent(id)}`)
      .then((d) => live && setText(d.draft?.source ?? d.latest?.source ?? ""))
      .catch((e: unknown) => {
        if (!live) return;
        const entityId = search.get("entity");
        if (e instanceof ApiError && e.status === 404 && entityId) {
          setIsNew(true);
          setText(newFormSource(id, entityId, search.get("title") || id));
        } else setLoadError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [id, search]);

  const doc = useMemo(() => (text === null ? null : parseFormDocument(text)), [text]);
  const layout = useMemo(() => (doc ? readLayout(doc) : null), [doc]);
  const entityId = layout?.entity ?? "";

  useEffect(() => {
    if (!entityId) return;
    let live = true;
    setEntityError(null);
    loadEntity(entityId)
      .then((e) => live && setEntity(e))
      .catch((e: unknown) => live && setEntityError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [entityId]);

  const edit = useCallback(
    (change: (doc: Document) => void) => {
      if (!doc || doc.errors.length > 0) return;
      const next = doc.clone();
      change(next);
      setText(formText(next));
      setOutcome(null);
    },
    [doc],
  );

  const fileName = `${id}.form.yaml`;
  const check = useFormCheck(fileName, text, entity?.source ?? null);
  const formProblems = check.problems;
  const formOk = check.ok;

  const preview = useMemo(
    () => (entity && layout ? buildPreview(entity.definition.schema, layout) : null),
    [entity, layout],
  );

  if (loadError) return <p role="alert">{loadError}</p>;
  if (text === null || !doc || !layout) return <p className="loading">Loading form…</p>;

  const properties = entity?.definition.schema.properties ?? {};
  const required = new Set(entity?.definition.schema.required ?? []);
  const fields: EntityField[] = Object.entries(properties).map(([name, schema]) => ({
    name,
    schema,
    required: required.has(name),
  }));
  const byName = new Map(fields.map((f) => [f.name, f]));
  const yamlBroken = doc.errors.length > 0;

  async function saveDraft() {
    setBusy(true);
    try {
      const r = await api<{ ok: boolean; diagnostics: Problem[] }>(
        "PUT",
        `/api/definitions/form/${encodeURIComponent(id)}/draft`,
        { source: text },
      );
      setIsNew(false);
      setOutcome({
        kind: r.ok ? "ok" : "error",
        message: r.ok ? "Draft saved; it is valid." : "Draft saved, with problems to fix before publishing.",
        problems: r.diagnostics,
      });
    } catch (e) {
      setOutcome(failure(e));
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    setBusy(true);
    try {
      const r = await api<{ published: { version?: number }[]; diagnostics?: Problem[] }>(
        "POST",
        "/api/definitions/publish",
        { files: [{ path: fileName, text }] },
      );
      setIsNew(false);
      const version = r.published[0]?.version;
      setOutcome({
        kind: "ok",
        message: `Published${version ? ` as version ${version}` : ""}; the form is live.`,
        problems: r.diagnostics ?? [],
      });
    } catch (e) {
      setOutcome(failure(e));
    } finally {
      setBusy(false);
    }
  }

  const problemsAt = (path: readonly (string | number)[]) =>
    formProblems.filter((p) => path.every((seg, i) => p.path?.[i] === seg));

  return (
    <div className="fb">
      <header className="fb-header">
        <p className="muted">
          <Link to="/forms">Forms</Link> / <code>{id}</code>{" "}
          {isNew && <span className="tag">new, not saved</span>}
        </p>
        <label className="fb-title">
          Form title
          <input
            value={labelText(layout.title) ?? ""}
            disabled={yamlBroken}
            onChange={(e) => edit((d) => setFormTitle(d, e.target.value))}
          />
        </label>
        <span className="muted">
          Entity: <code>{layout.entity}</code>
        </span>
        <span className={check.pending ? "muted" : formOk ? "fb-ok" : "fb-bad"} role="status">
          {check.pending
            ? "Checking…"
            : formOk
              ? "Valid"
              : `${formProblems.length} problem${formProblems.length === 1 ? "" : "s"}`}
        </span>
        {can("definitions:edit") && (
          <button type="button" disabled={busy} onClick={() => void saveDraft()}>
            Save draft
          </button>
        )}
        {can("definitions:publish") && (
          <button
            type="button"
            className="primary"
            disabled={busy || !formOk || check.pending}
            onClick={() => void publish()}
          >
            Publish
          </button>
        )}
      </header>
      {outcome && (
        <div
          className={outcome.kind === "ok" ? "fb-outcome fb-ok" : "fb-outcome fb-bad"}
          role={outcome.kind === "ok" ? "status" : "alert"}
        >
          {outcome.message}
          <DiagnosticsList title="Server diagnostics" problems={outcome.problems ?? []} />
        </div>
      )}
      {entityError && (
        <p role="alert">
          The entity '{entityId}' could not be loaded: {entityError}
        </p>
      )}
      <div className="fb-columns">
        <LayoutEditor
          layout={layout}
          fields={fields}
          edit={edit}
          fieldSchema={(f) => fieldAt(properties, f)}
          fieldName={(f) => {
            const entry = byName.get(f);
            return entry ? fieldLabel(entry) : f;
          }}
          problemsAt={problemsAt}
          onRenameSection={(s, title) => edit((d) => renameSection(d, s, title))}
          onSectionProp={(s, prop, value) => edit((d) => setSectionProp(d, s, prop, value))}
          onRemoveSection={(s) => edit((d) => removeSection(d, s))}
          onAddSection={() => edit((d) => addSection(d, "New section"))}
          onPlacementProp={(at, prop, value) => edit((d) => setPlacementProp(d, at, prop, value))}
          onRemoveField={(at) => edit((d) => removeField(d, at))}
        >
          <ComputedRules rules={layout.computed} fields={fields} edit={edit} problemsAt={problemsAt} />
          <DiagnosticsList title="Problems in this form" problems={formProblems} />
          <details className="fb-yaml">
            <summary>YAML source (the form as saved)</summary>
            <label htmlFor="fb-yaml-text" className="muted">
              Edit freely; the builder follows. Comments are kept.
            </label>
            <textarea
              id="fb-yaml-text"
              spellCheck={false}
              wrap="off"
              value={text}
              rows={Math.min(40, text.split("\n").length + 2)}
              onChange={(e) => {
                setText(e.target.value);
                setOutcome(null);
              }}
            />
          </details>
        </LayoutEditor>
        {entity && preview ? (
          <PreviewBoundary resetKey={preview}>
            <FormPreview entity={entity.definition} preview={preview} />
          </PreviewBoundary>
        ) : (
          <p className="loading">Loading entity…</p>
        )}
      </div>
    </div>
  );
}

async function loadEntity(id: string): Promise<LoadedEntity> {
  const d = await api<DefinitionDetail>("GET", `/api/definitions/entity/${encodeURIComponent(id)}`);
  if (d.latest) return { definition: d.latest.body as Entity, source: d.latest.source };
  if (d.draft) return { definition: parse(d.draft.source) as Entity, source: d.draft.source };
  throw new Error("it has no version");
}

function failure(e: unknown): Outcome {
  if (!(e instanceof ApiError)) return { kind: "error", message: String(e) };
  const error = (e.body.error ?? {}) as { problems?: Problem[]; diagnostics?: Problem[] };
  const problems = [...(error.problems ?? []), ...(error.diagnostics ?? [])];
  return { kind: "error", message: `${e.message}${e.hint ? ` ${e.hint}` : ""}`, problems };
}
