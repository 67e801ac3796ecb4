export { readTemplates, type Template } from "./catalog.js";
export {
  type ConflictPolicy,
  type ImportConflict,
  type ImportResult,
  importBundle,
} from "./import-bundle.js";
export { EXPORTED_KINDS, type ExportOptions, exportBundle } from "./export-bundle.js";
