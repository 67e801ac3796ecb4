import { type Checker, DYN, type Origin, type Typed } from "./context.js";
import { methodsFor } from "./functions.js";
import { noFieldsHint } from "./hints.js";
import { quoteName, type Span } from "./spans.js";
import { didYouMean, listNames } from "./suggest.js";
import { type CelObjectType, CelTypes, fieldType, formatCelType, withArticle } from "./types.js";

/** Where a field read happens: the field name's range, and the text of the value it is read from. */
export interface FieldSite {
  readonly fieldSpan: Span;
  readonly operandText: string;
}

/**
 * Reads `field` from a value: `record.name` and `record["name"]` both come here. Unknown fields on
 * closed objects are errors; open objects, maps and dyn values give whatever the data holds.
 */
export function selectField(c: Checker, operand: Typed, field: string, site: FieldSite): Typed {
  const type = operand.type;
  switch (type.kind) {
    case "dyn":
      return withOrigin(CelTypes.dyn, extendOrigin(operand, field));
    case "object":
      return selectObjectField(c, operand, type, field, site);
    case "map":
      if (type.key.kind === "string" || type.key.kind === "dyn") {
        return withOrigin(type.value, extendOrigin(operand, field));
      }
      c.report(
        "cel/type",
        `cannot read field ${quoteName(field)} of ${site.operandText}: its keys are ${formatCelType(type.key)}, not text`,
        `Look the value up with brackets instead, e.g. ${site.operandText}[key]`,
        site.fieldSpan,
      );
      return DYN;
    default:
      c.report(
        "cel/type",
        `${site.operandText} is ${withArticle(type)} and has no field ${quoteName(field)}`,
        noFieldsHint(type, methodsFor(type)),
        site.fieldSpan,
      );
      return DYN;
  }
}

function selectObjectField(
  c: Checker,
  operand: Typed,
  type: CelObjectType,
  field: string,
  site: FieldSite,
): Typed {
  const declared = fieldType(type, field);
  if (declared !== undefined) return withOrigin(declared, extendOrigin(operand, field));
  if (type.open) return withOrigin(CelTypes.dyn, extendOrigin(operand, field));
  const names = Object.keys(type.fields);
  c.report(
    "cel/unknown-field",
    `${quoteName(type.name)} has no field ${quoteName(field)}`,
    `${didYouMean(field, names)}Fields: ${listNames(names)}`,
    site.fieldSpan,
  );
  return DYN;
}

/**
 * The origin one field further down. The first entity object on the way decides the attribution:
 * its own position inside the entity record, plus this field, names the top-level entity field.
 */
function extendOrigin(operand: Typed, field: string): Origin | undefined {
  const origin = operand.origin;
  if (origin === undefined) return undefined;
  const path = [...origin.path, field];
  const type = operand.type;
  if (origin.entity !== undefined || type.kind !== "object" || type.entity === undefined) {
    return { ...origin, path };
  }
  const entityField = type.path?.[0] ?? field;
  return { ...origin, path, entity: type.entity, field: entityField };
}

function withOrigin(type: Typed["type"], origin: Origin | undefined): Typed {
  return origin === undefined ? { type } : { type, origin };
}
