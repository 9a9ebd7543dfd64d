import { ConfigError } from '@gov/platform';
import { DEV_BANK_HMAC_SECRET, loadTaxConfig } from './tax.config';

describe(loadTaxConfig.name, () => {
  const base = { DATABASE_URL: 'postgres://tax@127.0.0.1/gov_tax' };
  const production = { ...base, NODE_ENV: 'production', AUTH_PUBLIC_KEY: 'key' };

  it('uses the local ports and a development bank secret outside production', () => {
    const sut = loadTaxConfig(base);
    expect(sut).toMatchObject({ HTTP_PORT: 3102, GRPC_PORT: 50102, PAYMENT_SKEW_SECONDS: 300 });
    expect(sut.bankSecret).toBe(DEV_BANK_HMAC_SECRET);
    expect(loadTaxConfig({ ...base, HTTP_PORT: '4000', GRPC_PORT: '0', PAYMENT_SKEW_SECONDS: '60' })).toMatchObject({ HTTP_PORT: 4000, GRPC_PORT: 0, PAYMENT_SKEW_SECONDS: 60 });
  });

  it('refuses to start in production without the bank secret, naming it', () => {
    expect(() => loadTaxConfig(production)).toThrow(ConfigError);
    expect(() => loadTaxConfig(production)).toThrow(/BANK_HMAC_SECRET: production needs/);
    expect(loadTaxConfig({ ...production, BANK_HMAC_SECRET: 'a-real-secret-of-the-bank' }).bankSecret).toBe('a-real-secret-of-the-bank');
  });

  it('lists every problem at once and never shows the secret', () => {
    let error: unknown;
    try {
      loadTaxConfig({ ...base, BANK_HMAC_SECRET: 'short-secret', PAYMENT_SKEW_SECONDS: 'soon' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/BANK_HMAC_SECRET: .*\(value hidden\)/);
    expect(message).toMatch(/PAYMENT_SKEW_SECONDS/);
    expect(message).not.toContain('short-secret');
  });
});
