import { JsonLogger, protoPathOf } from '@gov/platform';
import { describeServiceEdge } from '@gov/testing';
import { createJointProcessingApp, JOINT_PROCESSING_SERVICE } from './joint-processing.app';

const seller = { name: '张三', idType: 'resident-id', idNumber: '50010219800101001X' };
const buyer = { name: '李四', idType: 'resident-id', idNumber: '500102199007200038', share: { numerator: 1, denominator: 1 } };
const application = {
  ticket: { day: '2026-11-28', number: 'B001' },
  sellers: [seller],
  buyers: [buyer],
  unit: { unitNumber: '500102001001GB00001F00010001', areaHundredthsM2: 8950, acquisitionDate: '2015-05-01', originalPriceFen: 60_000_000 },
  contract: { number: 'HT-0001', priceFen: 90_000_000, signedOn: '2026-11-20' },
  taxFacts: { buyerFamilyHome: 'first', sellerOnlyHome: true },
  materials: [{ type: '不动产登记申请书', fileName: 'a.pdf', sha256: 'a'.repeat(64) }],
};
const without = (field: keyof typeof application) => Object.fromEntries(Object.entries(application).filter(([k]) => k !== field));

describeServiceEdge({
  service: 'joint-processing',
  department: 'joint-window',
  start: (env) => createJointProcessingApp(env, { httpPort: 0, logger: new JsonLogger('joint-processing', 'error', () => undefined) }),
  protoPath: protoPathOf(JOINT_PROCESSING_SERVICE),
  // The cases issue 11 reported (each was a 500, a 201 that consumed the ticket, or INTERNAL).
  cases: [
    ...(['ticket', 'unit', 'contract', 'taxFacts'] as const).map((field) => ({ name: `POST /house-transfers without ${field}`, method: 'POST', path: '/house-transfers', body: without(field), status: 400, field })),
    { name: 'POST /house-transfers, a buyer without share', method: 'POST', path: '/house-transfers', body: { ...application, buyers: [{ ...buyer, share: undefined }] }, status: 400, field: 'buyers[0].share' },
    { name: 'POST /house-transfers nested 5000 deep', method: 'POST', path: '/house-transfers', body: `{"ticket":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, status: 400, field: ['ticket', ...Array<string>(31).fill('a')].join('.') },
    { name: 'GET a ticket of 2026-02-30', method: 'GET', path: '/hall/tickets/2026-02-30/B001', status: 400, field: 'day' },
    { name: 'GET a ticket of a day that is not a date', method: 'GET', path: '/hall/tickets/someday/B001', status: 400, field: 'day' },
    { name: 'GET a ticket with NUL in its number', method: 'GET', path: '/hall/tickets/2026-11-28/B%0001', status: 400, field: 'number' },
    { name: 'GET a case id with NUL', method: 'GET', path: '/house-transfers/a%00b', status: 400, field: 'caseId' },
    { name: 'dev token for a NUL subject', method: 'POST', path: '/dev/token', body: { subject: 'a\u0000b', roles: ['clerk'] }, as: 'anonymous', status: 400, field: 'subject' },
    { name: 'gRPC SubmitHouseTransfer without ticket', grpc: 'SubmitHouseTransfer', request: without('ticket'), code: 'INVALID_ARGUMENT', field: 'ticket' },
  ],
});
