import type { RJSFSchema, ValidationData, ValidatorType } from "@rjsf/utils";
import defaultValidator from "@rjsf/validator-ajv8";
import processRawValidationErrors from "@rjsf/validator-ajv8/lib/processRawValidationErrors.js";
import { compileEntitySchema, type Entity, type EntitySchema } from "@switchyard/definitions";
import { codeGenerationAllowed, interpretRecordSchema, type RecordCheck } from "./record-check";

// Keyed by the preview schema object: each layout's schema compiles once.
const compiled = new WeakMap<object, RecordCheck>();
let canCompile: boolean | undefined;

/**
 * The server's record check for a preview schema: `compileEntitySchema` (Ajv 2020, its formats and
 * `x-` keywords). Where the page's Content-Security-Policy forbids compiling code, the eval-free
 * reading of the same schema in record-check.ts, which reports the same errors.
 */
export function recordCheckFor(entity: Entity, schema: RJSFSchema): RecordCheck {
  let check = compiled.get(schema);
  if (!check) {
    canCompile ??= codeGenerationAllowed();
    check = canCompile
      ? compileEntitySchema({ ...entity, schema: schema as EntitySchema })
      : interpretRecordSchema(schema);
    compiled.set(schema, check);
  }
  return check;
}

/**
 * An rjsf validator whose form-data check is the server's: `compileEntitySchema` from
 * @switchyard/definitions, the function the runtime's `validateRecord` uses before a record is
 * written. Its errors are mapped onto the fields they concern, so a pattern, type or minimum
 * violation shows beside its input. Schema look-ups rjsf does while rendering (`isValid`,
 * `rawValidation`) go to rjsf's own Ajv validator.
 */
export function serverParityValidator(entity: Entity): ValidatorType<Record<string, unknown>> {
  const validator: ValidatorType<Record<string, unknown>> = {
    validateFormData(
      formData,
      schema,
      customValidate,
      transformErrors,
      uiSchema,
    ): ValidationData<Record<string, unknown>> {
      const check = recordCheckFor(entity, schema);
      let validationError: Error | undefined;
      try {
        check(formData ?? {});
      } catch (error) {
        validationError = error instanceof Error ? error : new Error(String(error));
      }
      return processRawValidationErrors(
        validator,
        { errors: check.errors ?? [], ...(validationError ? { validationError } : {}) },
        formData,
        schema,
        customValidate,
        transformErrors,
        uiSchema,
      );
    },
    // Used by rjsf only to pick among anyOf/oneOf options, which entity schemas do not have.
    isValid(schema, formData, rootSchema) {
      try {
        return defaultValidator.isValid(schema, formData, rootSchema);
      } catch {
        return false;
      }
    },
    rawValidation(schema, formData) {
      try {
        return defaultValidator.rawValidation(schema, formData);
      } catch (error) {
        return { validationError: error instanceof Error ? error : new Error(String(error)) };
      }
    },
  };
  return validator;
}
