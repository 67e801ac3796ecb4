import type { Request } from "express";
import { HttpError } from "../errors.js";
import { check, type Infer, type JsonSchema } from "../validation/schema.js";

// Request validation for the auth and user routes, which are not bound through `validation/endpoint.ts`
// (login and the token routes need no permission), with the same schemas and the same 400s.

/** The JSON body checked against `schema` (400 `invalid-request` naming each bad or unknown field). */
export function bodyOf<S extends JsonSchema>(schema: S, req: { readonly body?: unknown }): Infer<S> {
  if (req.body === undefined)
    throw new HttpError(
      400,
      "invalid-request",
      "The request has no JSON body.",
      "Send a JSON object with 'Content-Type: application/json'.",
    );
  return check(schema, req.body, "body");
}

/** The path parameters checked against `schema`. */
export function paramsOf<S extends JsonSchema>(schema: S, req: Request): Infer<S> {
  return check(schema, { ...req.params }, "path");
}
