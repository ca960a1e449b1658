export { loadScenarioDir, parseManifest, verifyBundle, formatIssues, MAX_BUNDLE_BYTES, type LoadedScenario } from './load.js'
export {
  checkAuthorSignature,
  reportSignature,
  readSignatureFile,
  type SignatureReport,
  verifyScenarioSignature,
  signScenario,
  signedStatement,
  parseSignatureFile,
  signatureFileSchema,
  parsePrivateKey,
  parsePublicKey,
  scenarioOrg,
  SIGNATURE_FORMAT,
  SIGNATURE_FILE,
  type SignatureFile,
  type SignedStatement,
  type SignatureCheck,
  type AuthorKeyLookup,
} from './signature.js'
export { checkParams, MAX_PARAMS_BYTES } from './params-schema.js'
export { parseUploadedSourceMap, uploadedSourceMap, MAX_UPLOADED_MAP_BYTES } from './uploaded-source-map.js'
export { mapScenarioStack, codeFrame, formatFrame, readSourceMap, SOURCE_MAP_FILE, MAX_FRAMES, type StackFrame, type ScenarioStack, type BundleSourceMap } from './source-map.js'
export { generateAuthorKeyPair } from './author-key.js'
