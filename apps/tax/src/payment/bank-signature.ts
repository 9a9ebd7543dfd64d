import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Authenticates a bank-channel notification: HMAC-SHA256 (hex) over
 * `timestamp + "." + nonce + "." + rawBody` with the shared secret. The
 * timestamp (Unix seconds) must be within the skew window, and the nonce must
 * not have been seen before. Nonce storage is the caller's: record the nonce
 * with a unique insert only after the signature passed (so strangers cannot
 * fill the store), and keep it for at least twice the skew window.
 */

export const DEFAULT_MAX_SKEW_SECONDS = 300;

export interface BankSignedRequest {
  /** Unix time in seconds, as sent by the bank. */
  readonly timestamp: string;
  readonly nonce: string;
  /** Hex HMAC-SHA256. */
  readonly signature: string;
  /** The body exactly as received; re-serialised JSON would not verify. */
  readonly rawBody: Buffer | string;
}

export interface BankSignatureOptions {
  readonly secret: string | Buffer;
  readonly nowMs: number;
  readonly maxSkewSeconds?: number;
}

export type BankSignatureFailure = 'malformed' | 'bad-signature' | 'stale-timestamp' | 'replayed-nonce';

export type BankSignatureResult = { readonly ok: true } | { readonly ok: false; readonly reason: BankSignatureFailure };

const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[A-Za-z0-9_-]{8,128}$/;
const SIGNATURE = /^[0-9a-fA-F]{64}$/;

export function signBankRequest(secret: string | Buffer, timestamp: string, nonce: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(signedBytes(timestamp, nonce, rawBody)).digest('hex');
}

/** Signature and timestamp only; the nonce check is the caller's next step. */
export function verifyBankSignature(request: BankSignedRequest, options: BankSignatureOptions): BankSignatureResult {
  const { timestamp, nonce, signature, rawBody } = request;
  if (!TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !SIGNATURE.test(signature)) return fail('malformed');
  const expected = createHmac('sha256', options.secret).update(signedBytes(timestamp, nonce, rawBody)).digest();
  // Both are 32 bytes here (the hex shape was checked), as timingSafeEqual requires.
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return fail('bad-signature');
  const skewSeconds = Math.abs(options.nowMs / 1000 - Number(timestamp));
  if (skewSeconds > (options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS)) return fail('stale-timestamp');
  return { ok: true };
}

/**
 * The full check, given whether the nonce was seen before. The signature is
 * checked first, so an unauthenticated caller learns nothing about nonces.
 */
export function verifyBankRequest(
  request: BankSignedRequest,
  options: BankSignatureOptions & { readonly seenNonce: boolean },
): BankSignatureResult {
  const result = verifyBankSignature(request, options);
  if (!result.ok) return result;
  return options.seenNonce ? fail('replayed-nonce') : result;
}

function signedBytes(timestamp: string, nonce: string, rawBody: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.${nonce}.`, 'utf8'), typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody]);
}

function fail(reason: BankSignatureFailure): BankSignatureResult {
  return { ok: false, reason };
}
