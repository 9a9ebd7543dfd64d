import { generateKeyPairSync } from 'node:crypto';
import type { PlatformConfig } from '../config/config';
import { TokenIssuer, TokenVerifier } from './token-verifier';

export interface AuthSetup {
  readonly verifier: TokenVerifier;
  /** Only when the development issuer is enabled (never in production). */
  readonly devIssuer?: TokenIssuer;
}

export function createAuth(config: PlatformConfig): AuthSetup {
  let publicKey = config.AUTH_PUBLIC_KEY;
  let devIssuer: TokenIssuer | undefined;
  if (config.DEV_TOKEN_ISSUER === 'enabled' && config.NODE_ENV !== 'production') {
    let privateKey = config.DEV_TOKEN_PRIVATE_KEY;
    if (!privateKey) {
      // No shared dev key given: a key of this process only.
      const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
      privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      publicKey = publicKey ?? pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    }
    devIssuer = new TokenIssuer(privateKey, config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  }
  const verifier = new TokenVerifier({
    jwksUrl: config.AUTH_JWKS_URL,
    publicKeyPem: publicKey,
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
  });
  return { verifier, devIssuer };
}
