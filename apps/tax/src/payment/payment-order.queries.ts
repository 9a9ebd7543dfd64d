import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '@gov/event-sourcing';
import { seesPersonalData, ServiceRuntime, type Principal } from '@gov/platform';
import { TAX_DEPARTMENT } from '../shared/access';
import { findPaymentOrder, type PaymentOrderView } from './payment-order.projection';

@Injectable()
export class PaymentOrderQueries {
  constructor(private readonly runtime: ServiceRuntime) {}

  /** No personal data on an order, so nothing to mask: only its parties and the staff may see it. */
  async get(paymentOrderId: string, principal: Principal | undefined): Promise<PaymentOrderView> {
    const found = await findPaymentOrder(this.runtime.pool, paymentOrderId);
    if (!found) throw new NotFoundError('payment order', paymentOrderId);
    if (!seesPersonalData(principal, { department: TAX_DEPARTMENT, partyIds: found.partyIds })) throw new ForbiddenError('only the parties to this payment order or the tax staff may see it', 'not-a-party');
    return found.view;
  }
}
