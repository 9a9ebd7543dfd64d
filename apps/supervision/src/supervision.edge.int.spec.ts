import { JsonLogger, protoPathOf } from '@gov/platform';
import { createTestDatabase, describeServiceEdge, freePort, serviceTestEnv, testKeys, testTopicPrefix } from '@gov/testing';
import { createSupervisionApp, SUPERVISION_SERVICE } from './supervision.app';

describeServiceEdge('supervision', 'tax', async () => {
  const db = await createTestDatabase('sup_edge');
  const grpcPort = await freePort();
  const env = serviceTestEnv(db.url, testTopicPrefix('sup-edge'), { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem });
  const svc = await createSupervisionApp(env, { httpPort: 0, logger: new JsonLogger('supervision', 'error', () => undefined) });
  return {
    httpUrl: svc.httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    protoPath: protoPathOf(SUPERVISION_SERVICE),
    pool: db.pool,
    stop: async () => (await svc.app.close(), await db.drop()),
  };
});
