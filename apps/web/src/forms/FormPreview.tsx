import Form from "@rjsf/core";
import type { ErrorTransformer, ObjectFieldTemplateProps, RJSFSchema } from "@rjsf/utils";
import { type Entity, FORMAT_HINTS } from "@switchyard/definitions";
import { useMemo, useState } from "react";
import { type PreviewSection, SECTIONS_OPTION, type Preview } from "./preview-schema";
import { serverParityValidator } from "./preview-validator";

type Data = Record<string, unknown>;

/**
 * The live preview: the form rendered by rjsf from the narrowed record schema, checked as the user
 * types (and on "Check") with the server's record validator, each error beside its field.
 */
export function FormPreview({ entity, preview }: { entity: Entity; preview: Preview }) {
  const validator = useMemo(() => serverParityValidator(entity), [entity]);
  const [data, setData] = useState<Data>({});
  const [checked, setChecked] = useState<"valid" | null>(null);
  const empty = Object.keys(preview.schema.properties ?? {}).length === 0;
  return (
    <section className="fb-preview" aria-labelledby="fb-preview-title" data-testid="form-preview">
      <h2 id="fb-preview-title">Live preview</h2>
      <p className="muted">Checked against the entity's record schema, as the server checks records.</p>
      {empty ? (
        <p className="muted">Drag fields into a section to see the form.</p>
      ) : (
        <Form<Data, RJSFSchema>
          schema={preview.schema}
          uiSchema={preview.uiSchema}
          validator={validator}
          formData={data}
          liveValidate="onChange"
          showErrorList={false}
          noHtml5Validate
          templates={{ ObjectFieldTemplate: SectionedObject }}
          transformErrors={withFormatHints}
          onChange={(e) => {
            setData(e.formData ?? {});
            setChecked(null);
          }}
          onSubmit={() => setChecked("valid")}
          onError={() => setChecked(null)}
        />
      )}
      {checked === "valid" && (
        <p role="status" className="fb-ok">
          These values fit the record schema: the server would accept them.
        </p>
      )}
    </section>
  );
}

/** Adds the definitions package's hint to a format error (the message itself is the server's). */
const withFormatHints: ErrorTransformer<Data> = (errors) =>
  errors.map((e) => {
    const format = e.name === "format" ? String((e.params as { format?: unknown }).format) : "";
    const hint = FORMAT_HINTS[format];
    return hint ? { ...e, message: `${e.message ?? ""}. ${hint}` } : e;
  });

/** Lays the root object out in the form's sections; nested objects as a titled group. */
function SectionedObject(props: ObjectFieldTemplateProps<Data>) {
  const options = props.uiSchema?.["ui:options"] as Record<string, unknown> | undefined;
  const sections = options?.[SECTIONS_OPTION] as readonly PreviewSection[] | undefined;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  if (!sections)
    return (
      <fieldset className="fb-preview-group">
        {props.title && <legend>{props.title}</legend>}
        {props.properties.map((p) => (p.hidden ? null : <div key={p.name}>{p.content}</div>))}
      </fieldset>
    );
  return (
    <>
      {sections.map((section, i) => (
        <fieldset key={`${i}-${section.title}`} className="fb-preview-section">
          <legend>{section.title}</legend>
          {section.note && <p className="muted fb-note">{section.note}</p>}
          {section.properties.map((name) => {
            const p = byName.get(name);
            return p && !p.hidden ? <div key={name}>{p.content}</div> : null;
          })}
        </fieldset>
      ))}
    </>
  );
}
