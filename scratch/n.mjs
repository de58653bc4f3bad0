import { ed25519 } from '@noble/curves/ed25519.js';
const id = new Uint8Array(32); id[0] = 1;
const p = ed25519.Point.fromBytes(id); console.log(p.isSmallOrder(), p.isTorsionFree());
const k = ed25519.utils.randomSecretKey(); const pk = ed25519.getPublicKey(k); const q = ed25519.Point.fromBytes(pk); console.log(q.isSmallOrder(), q.isTorsionFree());
