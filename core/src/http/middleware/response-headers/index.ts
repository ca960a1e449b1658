export { responseHeaders, completeResponse, SECURITY_HEADERS, REQUEST_ID_HEADER } from './response-headers.js'
