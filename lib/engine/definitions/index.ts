export {
  DRIVERS,
  GENERIC_DRIVER,
  getDriver,
  listDrivers,
  isDriverAvailable,
  driverSupportsType,
  driverNotAvailableMessage,
  type DriverDefinition,
} from "./drivers";
export {
  validateDefinition,
  hasErrors,
  DEFINITION_ID_PATTERN,
  type DefinitionIssue,
  type IssueSeverity,
  type TemplateChecker,
  type TemplateProblem,
  type ValidateDefinitionOptions,
} from "./validate";
export {
  HUMCTL_API_VERSION,
  HUMCTL_KIND,
  importHumctlYaml,
  importHumctlFiles,
  exportHumctlYaml,
  definitionToHumctlDocument,
  formatHumctlIssue,
  type HumctlIssue,
  type HumctlDocumentResult,
  type HumctlImportResult,
  type HumctlImportOptions,
  type HumctlExportOptions,
} from "./humctl";
export { formatPath, type PathSegment } from "./paths";
export { goTemplateChecker } from "./go-template-checker";
