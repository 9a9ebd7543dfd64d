import { JsonLogger, protoPathOf } from '@gov/platform';
import { createTestDatabase, describeServiceEdge, freePort, serviceTestEnv, testKeys, testTopicPrefix } from '@gov/testing';
import { createJointProcessingApp, JOINT_PROCESSING_SERVICE } from './joint-processing.app';

describeServiceEdge('joint-processing', 'joint-window', async () => {
  const db = await createTestDatabase('jp_edge');
  const grpcPort = await freePort();
  const env = serviceTestEnv(db.url, testTopicPrefix('jp-edge'), { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem });
  const svc = await createJointProcessingApp(env, { httpPort: 0, logger: new JsonLogger('joint-processing', 'error', () => undefined) });
  return {
    httpUrl: svc.httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    protoPath: protoPathOf(JOINT_PROCESSING_SERVICE),
    pool: db.pool,
    stop: async () => (await svc.app.close(), await db.drop()),
  };
});
