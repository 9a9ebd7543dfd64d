import { JsonLogger, protoPathOf } from '@gov/platform';
import { describeServiceEdge } from '@gov/testing';
import { createSupervisionApp, SUPERVISION_SERVICE } from './supervision.app';

describeServiceEdge({
  service: 'supervision',
  department: 'tax',
  start: (env) => createSupervisionApp(env, { httpPort: 0, logger: new JsonLogger('supervision', 'error', () => undefined) }),
  protoPath: protoPathOf(SUPERVISION_SERVICE),
  cases: [
    { name: 'GET /cases from an impossible day', method: 'GET', path: '/cases?from=2026-02-30', as: 'supervisor', status: 400, field: 'from' },
    { name: 'GET /cases from an impossible instant', method: 'GET', path: '/cases?from=2026-13-45T25:61:00Z', as: 'supervisor', status: 400, field: 'from' },
    { name: 'GET /cases with NUL in a filter', method: 'GET', path: '/cases?itemCode=a%00b', as: 'supervisor', status: 400, field: 'itemCode' },
    { name: 'GET /statistics to an impossible day', method: 'GET', path: '/statistics?from=2026-01-01&to=2026-02-30', as: 'supervisor', status: 400, field: 'to' },
    { name: 'gRPC ListCatalogVersions, its empty request', grpc: 'ListCatalogVersions', request: {}, as: 'anonymous', code: 'OK' },
  ],
});
