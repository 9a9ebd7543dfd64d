import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@gov/event-sourcing';
import { presentPersonalData, ServiceRuntime, type Principal } from '@gov/platform';
import { TAX_DEPARTMENT } from '../shared/access';
import { findTaxpayer, type TaxpayerView } from './taxpayer.projection';

@Injectable()
export class TaxpayerQueries {
  constructor(private readonly runtime: ServiceRuntime) {}

  /** The taxpayer and tax staff see identity numbers; anyone else masked. */
  async get(taxpayerId: string, principal: Principal | undefined): Promise<TaxpayerView> {
    const found = await findTaxpayer(this.runtime.pool, taxpayerId);
    if (!found) throw new NotFoundError('taxpayer', taxpayerId);
    return presentPersonalData(found.view, principal, { department: TAX_DEPARTMENT, partyIds: [found.identifier] });
  }
}
