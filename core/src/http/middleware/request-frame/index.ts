export { requestFrame } from './request-frame.js'
export { completeResponse, apiHeaders, requestIdFrom, API_HEADERS, DOCUMENT_HEADERS, REQUEST_ID_HEADER } from './response-headers.js'
export { logAccess, type AccessLine } from './access-log.js'
