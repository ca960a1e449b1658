export { requestFrame } from './request-frame.js'
export { completeResponse, SECURITY_HEADERS, REQUEST_ID_HEADER } from './response-headers.js'
