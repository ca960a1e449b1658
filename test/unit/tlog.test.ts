/**
 * The transparency log's Merkle tree: against published vectors (transparency-dev/merkle for RFC 6962
 * hashing and proofs, Go's signed-note and tree-note vectors) and against brute-force recomputation
 * for every tree size up to 300.
 */
import { createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tlog } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

const fixture = (name: string) => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'tlog', name), 'utf8'))
const merkle = fixture('merkle-vectors.json') as {
  leafInputsHex: string[]
  rootsHex: string[]
  inclusion: { file: string; leafIdx: number; treeSize: number; root: string | null; leafHash: string | null; proof: string[] | null; wantErr: boolean }[]
  consistency: { file: string; size1: number; size2: number; root1: string | null; root2: string | null; proof: string[] | null; wantErr: boolean }[]
}
const b64 = (s: string | null) => Buffer.from(s ?? '', 'base64')

/** The RFC 6962 MTH, straight from its definition: the reference the stored-hash code is checked against. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return tlog.EMPTY_ROOT
  if (leaves.length === 1) return tlog.leafHash(leaves[0] as Buffer)
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return tlog.nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

/** An in-memory TreeHashes over `leaves`, each node recomputed from scratch. */
function memoryTree(leaves: Buffer[]): tlog.TreeHashes {
  return { size: leaves.length, node: (level, index) => mth(leaves.slice(index * 2 ** level, (index + 1) * 2 ** level)) }
}

/** A hash file holding `leaves`, written one append at a time in batches of varying size. */
function hashFile(leaves: Buffer[]): tlog.HashFile {
  const file = tlog.HashFile.open(join(tempDir('bund-tlog-'), 'hashes'), { count: 0, leaf: () => Buffer.alloc(0) }, { writable: true }) as tlog.HashFile
  for (let i = 0; i < leaves.length; ) {
    const batch = 1 + (i % 3)
    file.append(leaves.slice(i, i + batch))
    i += batch
  }
  return file
}

const leafData = (i: number) => Buffer.from(`audit entry ${i}`)

describe('RFC 6962 vectors (transparency-dev/merkle)', () => {
  const leaves = merkle.leafInputsHex.map((h) => Buffer.from(h, 'hex'))

  it('gives the published root of every prefix of the 8 reference leaves, from stored hashes', () => {
    const file = hashFile(leaves)
    for (let size = 0; size <= 8; size++) expect(tlog.rootAt(file, size).toString('hex')).toBe(merkle.rootsHex[size])
  })

  it(`agrees with all ${merkle.inclusion.length} inclusion vectors (happy paths and tampered proofs)`, () => {
    let happy = 0
    for (const v of merkle.inclusion) {
      const ok = tlog.verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root))
      expect(ok, v.file).toBe(!v.wantErr)
      if (!v.wantErr) happy++
    }
    expect(happy).toBeGreaterThan(4)
  })

  it(`agrees with all ${merkle.consistency.length} consistency vectors`, () => {
    for (const v of merkle.consistency) {
      const ok = tlog.verifyConsistency(v.size1, v.size2, b64(v.root1), b64(v.root2), (v.proof ?? []).map(b64))
      expect(ok, v.file).toBe(!v.wantErr)
    }
  })

  it('generates exactly the published proofs of the happy paths', () => {
    const file = hashFile(leaves)
    for (const v of merkle.inclusion.filter((x) => !x.wantErr && x.treeSize <= 8 && x.leafHash === tlog.leafHash(leaves[x.leafIdx] ?? Buffer.alloc(0)).toString('base64'))) {
      expect(tlog.inclusionProof(file, v.leafIdx, v.treeSize).map((h) => h.toString('base64')), v.file).toEqual(v.proof ?? [])
    }
    for (const v of merkle.consistency.filter((x) => !x.wantErr && x.size2 <= 8)) {
      expect(tlog.consistencyProof(file, v.size1, v.size2).map((h) => h.toString('base64')), v.file).toEqual(v.proof ?? [])
    }
  })
})

describe('brute force, every tree size up to 300', () => {
  const N = 300
  const leaves = Array.from({ length: N }, (_, i) => leafData(i))
  const file = hashFile(leaves)
  const roots = Array.from({ length: N + 1 }, (_, n) => mth(leaves.slice(0, n)))

  it('stores 2n − popcount(n) hashes and every complete node where its index says', () => {
    expect([1, 2, 3, 4, 5, 7, 8, 300].map(tlog.storedCount)).toEqual([1, 3, 4, 7, 8, 11, 15, 596])
    const reference = memoryTree(leaves)
    for (let level = 0; 2 ** level <= N; level++) {
      for (let index = 0; (index + 1) * 2 ** level <= N; index++) expect(file.node(level, index).equals(reference.node(level, index))).toBe(true)
    }
  })

  it('computes the root of every size from stored hashes', () => {
    for (let n = 0; n <= N; n++) expect(tlog.rootAt(file, n).equals(roots[n] as Buffer), `size ${n}`).toBe(true)
  })

  it('proves and verifies the inclusion of every leaf in every tree size, and rejects a wrong leaf, index or root', () => {
    let proofs = 0
    for (let n = 1; n <= N; n++) {
      const root = roots[n] as Buffer
      for (let i = 0; i < n; i++) {
        const proof = tlog.inclusionProof(file, i, n)
        const leaf = tlog.leafHash(leaves[i] as Buffer)
        expect(tlog.verifyInclusion(i, n, leaf, proof, root)).toBe(true)
        proofs++
        if (i % 17 === 0) {
          expect(tlog.verifyInclusion(i, n, tlog.leafHash('other'), proof, root)).toBe(false)
          expect(tlog.verifyInclusion(i, n, leaf, proof, roots[n - 1] as Buffer)).toBe(false)
          if (n > 1) expect(tlog.verifyInclusion((i + 1) % n, n, leaf, proof, root)).toBe(false)
          if (proof.length > 0) expect(tlog.verifyInclusion(i, n, leaf, proof.slice(1), root)).toBe(false)
        }
      }
    }
    expect(proofs).toBe((N * (N + 1)) / 2)
  })

  it('proves and verifies consistency between every pair of sizes, and rejects a forked or shrunk pair', () => {
    let pairs = 0
    for (let n = 1; n <= N; n++) {
      for (let m = 0; m <= n; m++) {
        const proof = tlog.consistencyProof(file, m, n)
        // From the empty tree nothing is proved (transparency-dev's rule too).
        expect(tlog.verifyConsistency(m, n, roots[m] as Buffer, roots[n] as Buffer, proof), `${m} → ${n}`).toBe(m > 0)
        pairs++
        if (m > 0 && m < n && (m * n) % 13 === 0) {
          const forked = tlog.leafHash(`fork ${m}`)
          expect(tlog.verifyConsistency(m, n, forked, roots[n] as Buffer, proof)).toBe(false)
          expect(tlog.verifyConsistency(m, n, roots[m] as Buffer, forked, proof)).toBe(false)
          expect(tlog.verifyConsistency(n, m, roots[n] as Buffer, roots[m] as Buffer, proof)).toBe(false)
        }
      }
    }
    expect(pairs).toBe((N * (N + 3)) / 2)
  })
})

describe('the hash file', () => {
  it('rebuilds what a crash tore or lost, from the leaves it is given at open', async () => {
    const { truncateSync, writeFileSync, statSync } = await import('node:fs')
    const leaves = Array.from({ length: 40 }, (_, i) => leafData(i))
    const path = join(tempDir('bund-tlog-'), 'hashes')
    const source = { count: 40, leaf: (i: number) => leaves[i] as Buffer }
    tlog.HashFile.open(path, source, { writable: true })?.close()
    const full = statSync(path).size
    expect(full).toBe(tlog.storedCount(40) * 32)
    truncateSync(path, full - 45) // a torn tail
    let file = tlog.HashFile.open(path, source, { writable: true }) as tlog.HashFile
    expect(file.size).toBe(40)
    expect(tlog.rootAt(file, 40).equals(mth(leaves))).toBe(true)
    file.close()
    const bytes = readFileSync(path)
    bytes.fill(0, bytes.length - 200) // unsynced hashes lost as zeros
    writeFileSync(path, bytes)
    file = tlog.HashFile.open(path, source, { writable: true }) as tlog.HashFile
    expect(tlog.rootAt(file, 40).equals(mth(leaves))).toBe(true)
    // A reader sees no more leaves than the log has.
    expect(tlog.HashFile.open(path, { count: 30, leaf: source.leaf }, { writable: false })?.size).toBe(30)
  })
})

describe('checkpoints as signed notes', () => {
  const notes = fixture('note-vectors.json')

  /** The ed25519 key of a Go note signer key string: base64 of 0x01 ‖ 32-byte seed. */
  function goSignerKey(skey: string) {
    const seed = Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1)
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])
    return createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  }

  it("signs Go's TestSign note byte for byte, and opens it", () => {
    const priv = goSignerKey(notes.signedNote.signerKey)
    const pub = createPublicKey(priv)
    const raw = Buffer.from(notes.signedNote.verifierKey.split('+').slice(2).join('+'), 'base64')
    expect(raw[0]).toBe(1)
    expect(tlog.rawPublicKey(pub).equals(raw.subarray(1))).toBe(true)
    expect(tlog.noteKeyHash(notes.signedNote.name, pub).toString('hex')).toBe(notes.signedNote.keyHashHex)
    const signed = tlog.signNote(notes.signedNote.text, notes.signedNote.name, pub, (m) => sign(null, m, priv))
    expect(signed).toBe(notes.signedNote.signed)
    expect(tlog.openNote(signed, notes.signedNote.name, pub)).toBe(notes.signedNote.text)
    const changed = signed.replace('cryptography', 'cryptographY')
    expect(() => tlog.openNote(changed, notes.signedNote.name, pub)).toThrow(tlog.NoteError)
  })

  it("formats a tree note as Go's checksum database does", () => {
    const body = tlog.checkpointBody({ origin: 'go.sum database tree', size: notes.tree.size, root: tlog.leafHash(notes.tree.leaf) })
    expect(body).toBe(notes.tree.note)
    expect(tlog.parseCheckpointBody(body)).toMatchObject({ origin: 'go.sum database tree', size: notes.tree.size })
    for (const bad of ['x\n0xab\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n', 'x\n12\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n', 'x\n-1\n\n']) {
      expect(() => tlog.parseCheckpointBody(bad)).toThrow(tlog.NoteError)
    }
  })
})
