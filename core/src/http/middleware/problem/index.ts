export { problem, PROBLEM_CONTENT_TYPE, type ProblemBody } from './problem.js'
export { onError } from './on-error.js'
export { notFound } from './not-found.js'
export { validationHook } from './validation-hook.js'
