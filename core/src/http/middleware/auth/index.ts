export { bearerAuth, authenticate } from './bearer.js'
export { allow } from './allow.js'
