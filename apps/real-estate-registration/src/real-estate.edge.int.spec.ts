import { JsonLogger, protoPathOf } from '@gov/platform';
import { createTestDatabase, describeServiceEdge, freePort, serviceTestEnv, testKeys, testTopicPrefix } from '@gov/testing';
import { createRealEstateApp, REAL_ESTATE_SERVICE } from './real-estate.app';

describeServiceEdge('real-estate-registration', 'real-estate', async () => {
  const db = await createTestDatabase('re_edge');
  const grpcPort = await freePort();
  const env = serviceTestEnv(db.url, testTopicPrefix('re-edge'), { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem });
  const svc = await createRealEstateApp(env, { httpPort: 0, logger: new JsonLogger('real-estate-registration', 'error', () => undefined) });
  return {
    httpUrl: svc.httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    protoPath: protoPathOf(REAL_ESTATE_SERVICE),
    pool: db.pool,
    stop: async () => (await svc.app.close(), await db.drop()),
  };
});
