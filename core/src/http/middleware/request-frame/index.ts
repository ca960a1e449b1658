export { requestFrame } from './request-frame.js'
export { completeResponse, API_HEADERS, DOCUMENT_HEADERS, REQUEST_ID_HEADER } from './response-headers.js'
