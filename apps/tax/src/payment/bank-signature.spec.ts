import { signBankRequest, verifyBankRequest, verifyBankSignature, type BankSignedRequest } from './bank-signature';

const SECRET = 'test-secret';
const TIMESTAMP = '1530321600'; // 2018-06-30T01:20:00Z
const NOW_MS = 1_530_321_600_000;
const BODY = '{"paymentOrderId":"po-1","amountFen":5850000}';
// Computed independently: printf '%s' '1530321600.nonce-0001.{...}' | openssl dgst -sha256 -hmac 'test-secret'
const KNOWN_SIGNATURE = 'b7b37fd9a93469d46c12af8d65316d2ec46d58343da18f6780a927437c7b42b7';

const request = (overrides: Partial<BankSignedRequest> = {}): BankSignedRequest => ({
  timestamp: TIMESTAMP,
  nonce: 'nonce-0001',
  signature: KNOWN_SIGNATURE,
  rawBody: BODY,
  ...overrides,
});
const options = { secret: SECRET, nowMs: NOW_MS, seenNonce: false };

describe(verifyBankRequest.name, () => {
  it('signs timestamp.nonce.body with HMAC-SHA256 in hex', () => {
    expect(signBankRequest(SECRET, TIMESTAMP, 'nonce-0001', BODY)).toBe(KNOWN_SIGNATURE);
  });

  it('accepts a correctly signed, fresh, unseen request (string or raw bytes, either hex case)', () => {
    expect(verifyBankRequest(request(), options)).toEqual({ ok: true });
    expect(verifyBankRequest(request({ rawBody: Buffer.from(BODY), signature: KNOWN_SIGNATURE.toUpperCase() }), options)).toEqual({ ok: true });
  });

  it('signs the raw bytes, so non-ASCII bodies verify as received', () => {
    const body = Buffer.from('{"payer":"张三"}', 'utf8');
    const signature = signBankRequest(SECRET, TIMESTAMP, 'nonce-0002', body);
    expect(verifyBankRequest(request({ nonce: 'nonce-0002', rawBody: body, signature }), options)).toEqual({ ok: true });
  });

  it.each([
    ['a changed body', request({ rawBody: BODY.replace('5850000', '5850001') })],
    ['a changed timestamp', request({ timestamp: '1530321601' })],
    ['a changed nonce', request({ nonce: 'nonce-0009' })],
    ['another secret', request({ signature: signBankRequest('other-secret', TIMESTAMP, 'nonce-0001', BODY) })],
  ])('refuses %s as a bad signature', (_what, tampered) => {
    expect(verifyBankRequest(tampered, options)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['a short signature', request({ signature: KNOWN_SIGNATURE.slice(0, 62) })],
    ['a non-hex signature', request({ signature: 'z'.repeat(64) })],
    ['a timestamp in milliseconds with a fraction', request({ timestamp: '1530321600.5' })],
    ['a short nonce', request({ nonce: 'n-1' })],
    ['a nonce with separators', request({ nonce: 'nonce.0001' })],
  ])('refuses %s as malformed without throwing', (_what, malformed) => {
    expect(verifyBankRequest(malformed, options)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('allows 5 minutes of clock skew either way, not more', () => {
    expect(verifyBankRequest(request(), { ...options, nowMs: NOW_MS + 300_000 })).toEqual({ ok: true });
    expect(verifyBankRequest(request(), { ...options, nowMs: NOW_MS - 300_000 })).toEqual({ ok: true });
    expect(verifyBankRequest(request(), { ...options, nowMs: NOW_MS + 300_001 })).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyBankRequest(request(), { ...options, nowMs: NOW_MS - 300_001 })).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyBankRequest(request(), { ...options, nowMs: NOW_MS + 60_001, maxSkewSeconds: 60 })).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
  });

  it('refuses a replayed nonce, but only once the signature is good', () => {
    expect(verifyBankRequest(request(), { ...options, seenNonce: true })).toEqual({ ok: false, reason: 'replayed-nonce' });
    expect(verifyBankRequest(request({ rawBody: '{}' }), { ...options, seenNonce: true })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('offers the signature check alone for check-then-record nonce stores', () => {
    expect(verifyBankSignature(request(), { secret: Buffer.from(SECRET), nowMs: NOW_MS })).toEqual({ ok: true });
  });
});
