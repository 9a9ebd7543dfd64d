import { JsonLogger, protoPathOf } from '@gov/platform';
import { describeServiceEdge } from '@gov/testing';
import { createTaxApp, TAX_SERVICE } from './tax.app';

describeServiceEdge({
  service: 'tax',
  department: 'tax',
  start: (env) => createTaxApp(env, { httpPort: 0, logger: new JsonLogger('tax', 'error', () => undefined) }),
  protoPath: protoPathOf(TAX_SERVICE),
  env: { BANK_HMAC_SECRET: 'edge-fuzz-bank-secret-0123456789' },
  cases: [
    { name: 'GET the reference price of unit abc', method: 'GET', path: '/reference-prices/abc', status: 400, field: 'unitNumber' },
    { name: 'GET a taxpayer id with NUL', method: 'GET', path: '/taxpayers/a%00b', status: 400, field: 'taxpayerId' },
    { name: 'POST /taxpayers with U+FFFD (what a decoder leaves of bytes that are not UTF-8)', method: 'POST', path: '/taxpayers', body: { taxpayer: 'a\ufffd' }, status: 400, field: 'taxpayer' },
  ],
});
