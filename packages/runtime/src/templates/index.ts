export { readTemplates, type Template } from "./catalog.js";
export {
  type ConflictPolicy,
  type ImportConflict,
  type ImportResult,
  importBundle,
} from "./import-bundle.js";
