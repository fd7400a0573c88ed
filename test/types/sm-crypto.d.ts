/**
 * The part of sm-crypto (dev dependency, no published types) the manifest tests use as the
 * independent SM2/SM3 implementation to check Node's OpenSSL against.
 */
declare module 'sm-crypto' {
  interface SignOptions {
    der?: boolean;
    hash?: boolean;
    publicKey?: string;
    userId?: string;
  }
  interface Sm2 {
    doSignature(msg: string | number[], privateKey: string, options?: SignOptions): string;
    doVerifySignature(msg: string | number[], signHex: string, publicKey: string, options?: Omit<SignOptions, 'publicKey'>): boolean;
    getPublicKeyFromPrivateKey(privateKey: string): string;
    generateKeyPairHex(): { privateKey: string; publicKey: string };
  }
  const smCrypto: { sm2: Sm2; sm3: (msg: string | number[]) => string };
  export default smCrypto;
}
