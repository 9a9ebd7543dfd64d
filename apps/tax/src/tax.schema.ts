import { TAX_ASSESSMENT_SCHEMA } from './house-transfer-tax/tax-assessment.projection';
import { REFERENCE_PRICE_SCHEMA } from './house-transfer-tax/reference-price.store';
import { BANK_NONCE_SCHEMA } from './payment/payment-order.handler';
import { PAYMENT_ORDER_SCHEMA } from './payment/payment-order.projection';
import { TAXPAYER_SCHEMA } from './taxpayer/taxpayer.projection';

/** The tax service's read models and bank nonces, applied at start after the event store's tables. */
export const TAX_SCHEMA = [TAXPAYER_SCHEMA, REFERENCE_PRICE_SCHEMA, TAX_ASSESSMENT_SCHEMA, PAYMENT_ORDER_SCHEMA, BANK_NONCE_SCHEMA].join('\n');
