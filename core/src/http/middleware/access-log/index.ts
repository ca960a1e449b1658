export { accessLog } from './access-log.js'
