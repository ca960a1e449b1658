export { bodyLimit } from './body-limit.js'
