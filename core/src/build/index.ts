export { buildScenario, bundleScenario, NETWORK_PACKAGES } from './build-scenario.js'
export { runLocal, type LocalRun, type LocalRunOptions } from './run-local.js'
