export { runScenario, workerEntry, SCENARIO_CLOCK_MS, type RunRequest, type RunReport } from './run-scenario.js'
export { executeRun, datasetSeed, type RunJob, type DescribeJob, type JobOutcome } from './job.js'
export { RUNTIME_VERSION } from './version.js'
export { runAccepted } from './run-accepted.js'
