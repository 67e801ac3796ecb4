export { Catalog, type Located } from "./catalog.js";
export { type CheckedDefinition, type ProjectReport, type SourceFile, validateSources } from "./validate.js";
