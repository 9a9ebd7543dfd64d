import { JsonLogger, protoPathOf } from '@gov/platform';
import { describeServiceEdge } from '@gov/testing';
import { createRealEstateApp, REAL_ESTATE_SERVICE } from './real-estate.app';

const owner = { name: '业主一', idType: 'resident-id', idNumber: '50010219800101001X' };

describeServiceEdge({
  service: 'real-estate-registration',
  department: 'real-estate',
  start: (env) => createRealEstateApp(env, { httpPort: 0, logger: new JsonLogger('real-estate-registration', 'error', () => undefined) }),
  protoPath: protoPathOf(REAL_ESTATE_SERVICE),
  cases: [
    {
      name: 'POST /units, an owner without share',
      method: 'POST',
      path: '/units',
      body: { unitNumber: '500102001001GB00001F00000001', location: '太极大道1号', areaHundredthsM2: 8952, use: 'residential', owners: [owner], acquisitionDate: '2012-05-20', originalPriceFen: 35_000_000 },
      status: 400,
      field: 'owners[0].share',
    },
    {
      name: 'POST /transfers, a buyer without share',
      method: 'POST',
      path: '/transfers',
      body: { transferId: 'tr-edge-1', unitNumber: '500102001001GB00001F00000001', sellers: [owner], buyers: [{ ...owner, idNumber: '500102199007200038' }], contractNumber: 'FL-1', contractPriceFen: 68_000_000, lenderConsentMortgageIds: [] },
      status: 400,
      field: 'buyers[0].share',
    },
    { name: 'GET a unit number with NUL', method: 'GET', path: '/units/a%00b', status: 400, field: 'unitNumber' },
    { name: 'GET a unit number that is not UTF-8', method: 'GET', path: '/units/%FF%FE', status: 400, field: 'path' },
    { name: 'GET a transfer id with a lone surrogate', method: 'GET', path: '/transfers/%ED%A0%80', status: 400, field: 'path' },
  ],
});
