import { createHash } from 'node:crypto';

/**
 * Merkle trees as RFC 9162 §2.1 defines them: leaves hashed with a 0x00 prefix and interior nodes with 0x01,
 * so that no leaf can pose as a node; a tree of n leaves splits at the largest power of two below n.
 */

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const leafHash = (data: Uint8Array): Buffer => sha256(Buffer.from([0]), data);
const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.from([1]), left, right);

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

function root(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(root(leaves.slice(0, k)), root(leaves.slice(k)));
}

/** MTH(D[n]) over already-hashed leaves. */
export const treeHead = (leafHashes: readonly Buffer[]): Buffer => root(leafHashes);

/** PATH(m, D[n]): the audit path proving leaf m is in the tree (RFC 9162 §2.1.3.1). */
export function inclusionPath(index: number, leafHashes: readonly Buffer[]): Buffer[] {
  if (leafHashes.length <= 1) return [];
  const k = split(leafHashes.length);
  return index < k
    ? [...inclusionPath(index, leafHashes.slice(0, k)), root(leafHashes.slice(k))]
    : [...inclusionPath(index - k, leafHashes.slice(k)), root(leafHashes.slice(0, k))];
}

/** Verifies an inclusion proof (RFC 9162 §2.1.3.2). */
export function verifyInclusion(leaf: Buffer, index: number, treeSize: number, path: readonly Buffer[], expectedRoot: Buffer): boolean {
  if (index < 0 || index >= treeSize) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(expectedRoot);
}
