import { generateKeyPairSync } from 'node:crypto';
import { UnauthenticatedError } from '@gov/event-sourcing';
import { TokenIssuer, TokenVerifier } from './token-verifier';

describe(TokenVerifier.name, () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const issuer = new TokenIssuer(keys.privateKey, 'gov-test', 'gov-services');
  const sut = new TokenVerifier({ publicKeyPem: keys.publicKey, issuer: 'gov-test', audience: 'gov-services' });

  it('gives the same principal for a token seen again, from its claims', async () => {
    const token = await issuer.issue({ subject: 'clerk-7', roles: ['clerk'], department: 'tax' });
    const first = await sut.verify(token);
    expect(first).toEqual({ subject: 'clerk-7', roles: ['clerk'], department: 'tax', partyId: undefined, name: undefined });
    expect(await sut.verify(token)).toBe(first);
  });

  it('never trusts a remembered token past its expiry', async () => {
    const token = await issuer.issue({ subject: 'citizen-1', roles: ['applicant'], expiresIn: '2s' });
    await sut.verify(token);
    await new Promise((r) => setTimeout(r, 2200));
    await expect(sut.verify(token)).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses a token signed by another key, or for another audience, however alike', async () => {
    const forged = await new TokenIssuer(other.privateKey, 'gov-test', 'gov-services').issue({ subject: 'clerk-7', roles: ['clerk'], department: 'tax' });
    await expect(sut.verify(forged)).rejects.toThrow(UnauthenticatedError);
    const elsewhere = await new TokenIssuer(keys.privateKey, 'gov-test', 'another-audience').issue({ subject: 'clerk-7', roles: ['clerk'] });
    await expect(sut.verify(elsewhere)).rejects.toThrow(UnauthenticatedError);
  });
});
