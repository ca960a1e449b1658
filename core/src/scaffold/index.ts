export { scaffoldScenario, dependencySpecs, renderScenario, templateSource, type ScaffoldOptions, type ScaffoldResult } from './scaffold.js'
export { SCAFFOLD_KINDS, SCAFFOLD_KIND_NAMES, isScaffoldKind, type ScaffoldKind } from './kinds.js'
export type { DependencySpecs } from './project-files.js'
