import type { FieldSchema } from "@switchyard/definitions";
import { useId } from "react";
import { labelText, type Placement, type PlacementProp } from "./form-document";
import { widgetsFor } from "./widgets";

/**
 * A placed field's settings: widget (only those that fit the field's type), label override,
 * placeholder, required / read-only, and the form language's CEL rules (visibleWhen, requiredWhen).
 */
export function PlacementEditor(props: {
  placement: Placement;
  field: FieldSchema | undefined;
  onChange(prop: PlacementProp, value: string | boolean | undefined): void;
}) {
  const { placement: p, field } = props;
  const id = useId();
  const widgets = field ? widgetsFor(field) : [];
  const current = p.widget;
  return (
    <div className="fb-editor">
      <label htmlFor={`${id}-widget`}>Widget</label>
      <select
        id={`${id}-widget`}
        value={current ?? ""}
        onChange={(e) => props.onChange("widget", e.target.value)}
      >
        <option value="">Default for the field</option>
        {widgets.map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
        {current && !widgets.includes(current as never) && (
          <option value={current}>{current} (does not fit this field)</option>
        )}
      </select>
      <label htmlFor={`${id}-label`}>Label on this form</label>
      <input
        id={`${id}-label`}
        value={labelText(p.label) ?? ""}
        placeholder={labelText(field?.["x-label"]) ?? field?.title ?? p.field}
        onChange={(e) => props.onChange("label", e.target.value)}
      />
      <label htmlFor={`${id}-placeholder`}>Placeholder</label>
      <input
        id={`${id}-placeholder`}
        value={p.placeholder ?? ""}
        onChange={(e) => props.onChange("placeholder", e.target.value)}
      />
      <div className="fb-checks">
        <label>
          <input
            type="checkbox"
            checked={p.required ?? false}
            onChange={(e) => props.onChange("required", e.target.checked)}
          />{" "}
          Required
        </label>
        <label>
          <input
            type="checkbox"
            checked={p.readOnly ?? false}
            onChange={(e) => props.onChange("readOnly", e.target.checked)}
          />{" "}
          Read-only
        </label>
      </div>
      <label htmlFor={`${id}-visible`}>Show only when (CEL)</label>
      <input
        id={`${id}-visible`}
        className="fb-cel"
        value={p.visibleWhen ?? ""}
        placeholder="e.g. record.competitor_activity == true"
        onChange={(e) => props.onChange("visibleWhen", e.target.value)}
      />
      <label htmlFor={`${id}-requiredwhen`}>Required when (CEL)</label>
      <input
        id={`${id}-requiredwhen`}
        className="fb-cel"
        value={p.requiredWhen ?? ""}
        placeholder="e.g. record.planogram_compliant == false"
        onChange={(e) => props.onChange("requiredWhen", e.target.value)}
      />
    </div>
  );
}
