export type {
  ComplianceCode,
  ComplianceFinding,
  ComplianceOptions,
  ComplianceSeverity,
  Justification,
} from "./finding.js";
export { scanCompliance } from "./scan.js";
