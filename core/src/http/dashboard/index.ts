export { createDashboard } from './dashboard.js'
export type { DashboardDeps } from './deps.js'
export { chartsFor, type ChartSpec } from './charts/index.js'
