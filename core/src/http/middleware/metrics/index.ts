export { requestMetrics } from './metrics.js'
