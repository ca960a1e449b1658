export { buildScenario, bundleScenario } from './build-scenario.js'
