import type { Document } from "yaml";
import type { Problem } from "./DiagnosticsList";
import type { EntityField } from "./FieldPalette";
import { addComputed, type ComputedRule, removeComputed, setComputed } from "./form-document";

/** The form's computed fields (score rules): a field and the CEL expression that fills it. */
export function ComputedRules(props: {
  rules: readonly ComputedRule[];
  fields: readonly EntityField[];
  edit(change: (doc: Document) => void): void;
  problemsAt(path: readonly (string | number)[]): readonly Problem[];
}) {
  const { rules, fields, edit } = props;
  const free = fields.find((f) => !rules.some((r) => r.field === f.name));
  return (
    <section className="fb-computed" aria-labelledby="fb-computed-title">
      <h3 id="fb-computed-title">Computed fields</h3>
      <p className="muted">
        Recomputed as the user types, from a CEL expression over <code>record</code>.
      </p>
      {rules.map((rule, i) => (
        <div key={i} className="fb-computed-rule">
          <label>
            Field
            <select
              value={rule.field}
              onChange={(e) => edit((d) => setComputed(d, i, "field", e.target.value))}
            >
              {!fields.some((f) => f.name === rule.field) && <option value={rule.field}>{rule.field}</option>}
              {fields.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.name}
                </option>
              ))}
            </select>
          </label>
          <label className="fb-grow">
            Value (CEL)
            <input
              className="fb-cel"
              value={rule.value}
              onChange={(e) => edit((d) => setComputed(d, i, "value", e.target.value))}
            />
          </label>
          <button type="button" className="fb-danger" onClick={() => edit((d) => removeComputed(d, i))}>
            Remove rule for {rule.field}
          </button>
          {props.problemsAt(["computed", i]).map((p, j) => (
            <p key={j} className="fb-error">
              {p.message} <span className="muted">{p.hint}</span>
            </p>
          ))}
        </div>
      ))}
      {free && (
        <button type="button" onClick={() => edit((d) => addComputed(d, free.name, "0"))}>
          Add computed field
        </button>
      )}
    </section>
  );
}
