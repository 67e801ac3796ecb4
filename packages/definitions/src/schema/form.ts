import { type Static, Type } from "@sinclair/typebox";
import { Cel, Closed, cel, Description, Id, id, Label } from "./common.js";

/** How a field is edited. `photo` and `gps` use the device's camera and location. */
export const Widget = Type.Union(
  [
    "text",
    "textarea",
    "number",
    "currency",
    "select",
    "multiselect",
    "radio",
    "checkbox",
    "switch",
    "date",
    "datetime",
    "photo",
    "file",
    "gps",
    "signature",
    "rating",
    "email",
    "phone",
    "url",
    "relation",
    "hidden",
  ].map((v) => Type.Literal(v)),
);
export type Widget = Static<typeof Widget>;

/** A field placed on a form. */
export const FormField = Closed({
  field: Type.String({
    pattern: "^[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*$",
    description: "The entity field, e.g. shelf_area or address.city.",
  }),
  widget: Type.Optional(Widget),
  label: Type.Optional(Label),
  help: Type.Optional(Label),
  placeholder: Type.Optional(Type.String()),
  required: Type.Optional(Type.Boolean()),
  readOnly: Type.Optional(Type.Boolean()),
  visibleWhen: Type.Optional(cel("Show the field only when this CEL condition is true.")),
  requiredWhen: Type.Optional(cel("Require the field only when this CEL condition is true.")),
  options: Type.Optional(
    Type.Object(
      {},
      { additionalProperties: true, description: "Widget settings, e.g. maxPhotos or accuracyMeters." },
    ),
  ),
});
export type FormField = Static<typeof FormField>;

/** A titled group of fields. */
export const FormSection = Closed({
  id: Type.String({ pattern: "^[a-z][a-zA-Z0-9_-]*$" }),
  title: Label,
  description: Type.Optional(Description),
  visibleWhen: Type.Optional(Cel),
  fields: Type.Array(FormField, { minItems: 1 }),
});
export type FormSection = Static<typeof FormSection>;

/** A layout over an entity: sections, field order, widgets, visibility and required rules. */
export const Form = Closed(
  {
    kind: Type.Literal("form"),
    id: Id,
    entity: id("The entity whose records this form edits."),
    title: Label,
    description: Type.Optional(Description),
    sections: Type.Array(FormSection, { minItems: 1 }),
    computed: Type.Optional(
      Type.Array(
        Closed({ field: Type.String(), value: cel("Computed from the other fields when the form changes.") }),
        {
          description: "Fields the form computes, such as a display score.",
        },
      ),
    ),
  },
  { title: "Switchyard form" },
);
export type Form = Static<typeof Form>;
