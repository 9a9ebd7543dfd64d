import { readFileSync, existsSync } from 'node:fs';
import { createRemoteJWKSet, importPKCS8, importSPKI, jwtVerify, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { UnauthenticatedError } from '@gov/event-sourcing';
import { ROLES, type Principal, type Role } from './principal';

export interface TokenVerifierOptions {
  readonly jwksUrl?: string;
  readonly publicKeyPem?: string;
  readonly issuer: string;
  readonly audience: string;
}

const ALG = 'RS256';

function pemOrFile(value: string): string {
  return value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : value;
}

/** How long a verified token is trusted without checking its signature again (never past its expiry). */
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

/**
 * Verifies bearer JWTs against a JWKS (OIDC) or a configured public key. A
 * front end sends the same token with every request: a verified token is
 * remembered for a minute (at most until it expires), which spares an RSA
 * verification per request.
 */
export class TokenVerifier {
  private key?: Promise<KeyLike> | ReturnType<typeof createRemoteJWKSet>;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    if (options.jwksUrl) this.key = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000 });
    else if (options.publicKeyPem) this.key = importSPKI(pemOrFile(options.publicKeyPem), ALG);
  }

  async verify(token: string, now = Date.now()): Promise<Principal> {
    const known = this.verified.get(token);
    if (known && known.until > now) return known.principal;
    if (known) this.verified.delete(token);
    const payload = await this.verifySignature(token);
    const principal = principalFromClaims(payload);
    // A token without an expiry is verified every time.
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : now;
    if (expiresAt > now) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { principal, until: Math.min(expiresAt, now + VERIFIED_TTL_MS) });
    }
    return principal;
  }

  private async verifySignature(token: string): Promise<JWTPayload> {
    if (!this.key) throw new UnauthenticatedError('no token verification key is configured');
    let payload: JWTPayload;
    try {
      const key = this.key;
      const result =
        typeof key === 'function'
          ? await jwtVerify(token, key, { issuer: this.options.issuer, audience: this.options.audience })
          : await jwtVerify(token, await key, { issuer: this.options.issuer, audience: this.options.audience, algorithms: [ALG] });
      payload = result.payload;
    } catch {
      throw new UnauthenticatedError('the bearer token is invalid or expired');
    }
    return payload;
  }
}

export function principalFromClaims(payload: JWTPayload): Principal {
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role => (ROLES as readonly string[]).includes(String(r)));
  if (!payload.sub || roles.length === 0) throw new UnauthenticatedError('the bearer token names no subject or no known role');
  return {
    subject: payload.sub,
    roles,
    department: typeof payload.dept === 'string' ? payload.dept : undefined,
    partyId: typeof payload.pid === 'string' ? payload.pid : undefined,
    name: typeof payload.name === 'string' ? payload.name : undefined,
  };
}

export interface TokenClaims {
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly department?: string;
  readonly partyId?: string;
  readonly name?: string;
  readonly expiresIn?: string;
}

/** Signs tokens with a private key: the development issuer and the tests use it; production uses the real IdP. */
export class TokenIssuer {
  private readonly key: Promise<KeyLike>;
  constructor(
    privateKeyPem: string,
    private readonly issuer: string,
    private readonly audience: string,
  ) {
    this.key = importPKCS8(pemOrFile(privateKeyPem), ALG);
  }

  async issue(c: TokenClaims): Promise<string> {
    const claims: JWTPayload = { roles: [...c.roles] };
    if (c.department) claims.dept = c.department;
    if (c.partyId) claims.pid = c.partyId;
    if (c.name) claims.name = c.name;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG })
      .setSubject(c.subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(c.expiresIn ?? '8h')
      .sign(await this.key);
  }
}
