export { DEFAULT_LIMITS, FORBIDDEN_KEYS, type ParseLimits } from "./limits.js";
export { type ParsedSource, parseSource } from "./parse-source.js";
export { formatSource, serializeDefinition } from "./serialize.js";
export { locateInScalar, SourceDocument } from "./source-document.js";
