export { DIAGNOSTIC_CODES, type DiagnosticCode } from "./codes.js";
export {
  type DataPath,
  type Diagnostic,
  formatDiagnostic,
  formatPath,
  hasErrors,
  type SourceLocation,
  sortDiagnostics,
} from "./diagnostic.js";
export { type ErrorCategory, isSwitchyardError, SwitchyardError } from "./errors.js";
export { closest, editDistance, suggestionHint } from "./suggest.js";
