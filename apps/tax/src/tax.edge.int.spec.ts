import { JsonLogger, protoPathOf } from '@gov/platform';
import { createTestDatabase, describeServiceEdge, freePort, serviceTestEnv, testKeys, testTopicPrefix } from '@gov/testing';
import { createTaxApp, TAX_SERVICE } from './tax.app';

describeServiceEdge('tax', 'tax', async () => {
  const db = await createTestDatabase('tax_edge');
  const grpcPort = await freePort();
  const env = serviceTestEnv(db.url, testTopicPrefix('tax-edge'), { GRPC_PORT: String(grpcPort), BANK_HMAC_SECRET: 'edge-fuzz-bank-secret-0123456789', LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem });
  const svc = await createTaxApp(env, { httpPort: 0, logger: new JsonLogger('tax', 'error', () => undefined) });
  return {
    httpUrl: svc.httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    protoPath: protoPathOf(TAX_SERVICE),
    pool: db.pool,
    stop: async () => (await svc.app.close(), await db.drop()),
  };
});
