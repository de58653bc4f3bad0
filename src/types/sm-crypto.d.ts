import 'sm-crypto';

declare module 'sm-crypto' {
  namespace sm2 {
    /** Whether a hex-encoded point lies on the SM2 curve (present in sm-crypto, missing from its typings). */
    function verifyPublicKey(publicKey: string): boolean;
  }
}
