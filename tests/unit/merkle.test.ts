import { describe, expect, it } from 'vitest';
import { inclusionPath, leafHash, treeHead, verifyInclusion } from '../../src/crypto/merkle.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe('RFC 9162 Merkle trees', () => {
  it('hash the empty tree, one leaf and a pair as the RFC defines', () => {
    expect(treeHead([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const [a, b] = leaves(2);
    expect(treeHead([a!])).toEqual(a);
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(treeHead([a!, b!])).not.toEqual(treeHead([b!, a!]));
  });

  it('prove every leaf of trees of every size up to 33, and refuse another leaf, index or a shortened path', () => {
    for (let n = 1; n <= 33; n += 1) {
      const tree = leaves(n);
      const head = treeHead(tree);
      for (let i = 0; i < n; i += 1) {
        const path = inclusionPath(i, tree);
        expect(verifyInclusion(tree[i]!, i, n, path, head), `${i} of ${n}`).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(tree[(i + 1) % n]!, i, n, path, head)).toBe(false);
          expect(verifyInclusion(tree[i]!, (i + 1) % n, n, path, head)).toBe(false);
          expect(verifyInclusion(tree[i]!, i, n, path.slice(1), head)).toBe(false);
        }
      }
    }
  });
});
