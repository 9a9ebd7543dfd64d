import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { importPKCS8, SignJWT } from 'jose';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A key pair for this test process: services verify with the public key, tests sign with the private one. */
export const testKeys = {
  publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  issuer: 'gov-test-issuer',
  audience: 'gov-service-center',
};

export interface TestTokenClaims {
  subject?: string;
  roles: string[];
  department?: string;
  partyId?: string;
  issuer?: string;
  /** A duration (`1h`) or an absolute expiry in epoch seconds (a past one makes an expired token). */
  expiresIn?: string | number;
}

export async function issueTestToken(c: TestTokenClaims): Promise<string> {
  const claims: Record<string, unknown> = { roles: c.roles };
  if (c.department) claims.dept = c.department;
  if (c.partyId) claims.pid = c.partyId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256' })
    .setSubject(c.subject ?? `${c.roles[0]}-test`)
    .setIssuer(c.issuer ?? testKeys.issuer)
    .setAudience(testKeys.audience)
    .setIssuedAt()
    .setExpirationTime(c.expiresIn ?? '1h')
    .sign(await importPKCS8(testKeys.privateKeyPem, 'RS256'));
}

/** Environment for a service under test: its own database, topic prefix and the test keys. */
export function serviceTestEnv(databaseUrl: string, topicPrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'),
    TOPIC_PREFIX: topicPrefix,
    AUTH_PUBLIC_KEY: testKeys.publicKeyPem,
    AUTH_ISSUER: testKeys.issuer,
    AUTH_AUDIENCE: testKeys.audience,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
