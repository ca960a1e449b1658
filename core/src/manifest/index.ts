export { manifestSchema, definitionSchema, datasetRequestSchema, MAX_ROWS, type Manifest, type ScenarioDeclaration, type DatasetRequestSpec } from './schema.js'
export { loadScenarioDir, parseManifest, verifyBundle, formatIssues, MAX_BUNDLE_BYTES, type LoadedScenario } from './load.js'
