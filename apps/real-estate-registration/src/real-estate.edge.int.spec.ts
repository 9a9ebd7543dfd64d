import { createTestDatabase, describeServiceEdge, freePort, serviceTestEnv, testKeys, testTopicPrefix } from '@gov/testing';
import { createRealEstateApp, REAL_ESTATE_PROTO } from './real-estate.app';

describeServiceEdge('real-estate-registration', 'real-estate', async () => {
  const db = await createTestDatabase('re_edge');
  const grpcPort = await freePort();
  const env = serviceTestEnv(db.url, testTopicPrefix('re-edge'), { GRPC_PORT: String(grpcPort), LOG_LEVEL: 'error', DEV_TOKEN_ISSUER: 'enabled', DEV_TOKEN_PRIVATE_KEY: testKeys.privateKeyPem });
  const svc = await createRealEstateApp(env, { httpPort: 0, log: () => undefined });
  return {
    httpUrl: svc.httpUrl,
    grpcAddress: `127.0.0.1:${grpcPort}`,
    protoPath: REAL_ESTATE_PROTO,
    pool: db.pool,
    stop: async () => (await svc.app.close(), await db.drop()),
  };
},
// Success responses not yet described by a schema (the list may only shrink).
[
  'GET /api/v1/certificates/{certificateNumber}',
  'GET /api/v1/transfers/{transferId}',
  'GET /api/v1/units/{unitNumber}',
  'POST /api/v1/transfers',
  'POST /api/v1/transfers/{transferId}/cancellation',
  'POST /api/v1/transfers/{transferId}/refusal',
  'POST /api/v1/transfers/{transferId}/registration',
  'POST /api/v1/units',
  'POST /api/v1/units/import',
  'POST /api/v1/units/{unitNumber}/mortgages',
  'POST /api/v1/units/{unitNumber}/mortgages/{mortgageId}/release',
  'POST /api/v1/units/{unitNumber}/objections',
  'POST /api/v1/units/{unitNumber}/objections/{objectionId}/withdraw',
  'POST /api/v1/units/{unitNumber}/seizures',
  'POST /api/v1/units/{unitNumber}/seizures/lift',
]);
