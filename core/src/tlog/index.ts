export { EMPTY_ROOT, HASH_BYTES, leafHash, nodeHash } from './hashing.js'
export { type NodePosition, type StoredTreeHashes, type TreeHashes, consistencyProof, inclusionProof, rangeHash, rootAt, verifyConsistency, verifyInclusion, storedTreeHashes, withStoredHashes } from './tree.js'
export { HashFile, type LeafSource, appendedHashes, olderHashesNeeded, storedCount, storedIndex } from './hash-file.js'
export { type Checkpoint, NoteError, checkpointBody, noteKeyHash, openCheckpoint, openNote, parseCheckpointBody, rawPublicKey, signNote } from './checkpoint.js'
