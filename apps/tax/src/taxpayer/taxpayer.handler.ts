import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationError } from '@gov/event-sourcing';
import { type Principal, type CommandContext, eventMetadataOf, presentPersonalData } from '@gov/platform';
import { assertSelfOrTaxStaff, TAX_DEPARTMENT } from '../shared/access';
import { TaxWorkflow } from '../workflow/tax-workflow';
import { unpaidOf } from '../payment/payment-order.projection';
import type { TaxpayerIdentity } from './taxpayer.commands';
import type { DeregisterTaxpayerDto, RegisterTaxpayerDto, TaxpayerIdentityDto } from './taxpayer.dto';
import { findTaxpayer, taxpayerIdentifier, type TaxpayerView } from './taxpayer.projection';

/** Taxpayer registration and deregistration with one set of materials. */
@Injectable()
export class TaxpayerHandler {
  constructor(private readonly workflow: TaxWorkflow) {}

  async register(dto: RegisterTaxpayerDto, ctx: CommandContext): Promise<TaxpayerView> {
    const taxpayer = toIdentity(dto.taxpayer);
    assertSelfOrTaxStaff(ctx.principal, taxpayerIdentifier(taxpayer));
    const taxpayerId = randomUUID();
    const handled = await this.workflow.run((tx) =>
      this.workflow.taxpayer(
        tx,
        taxpayerId,
        { type: 'RegisterTaxpayer', data: { taxpayerId, taxpayer, materials: { setId: dto.materials.setId, documentIds: [...dto.materials.documentIds] }, at: new Date().toISOString() } },
        { commandId: ctx.commandId, requestHash: ctx.requestHash, metadata: eventMetadataOf(ctx), result: () => ({ taxpayerId }) },
      ),
    );
    return this.get(handled.result.taxpayerId, ctx.principal);
  }

  /** Refused while the taxpayer owes anything (unpaid items read in the same transaction). */
  async deregister(taxpayerId: string, dto: DeregisterTaxpayerDto, ctx: CommandContext): Promise<TaxpayerView> {
    await this.workflow.run(async (tx) => {
      const found = await findTaxpayer(tx, taxpayerId);
      if (!found) throw new NotFoundError('taxpayer', taxpayerId);
      assertSelfOrTaxStaff(ctx.principal, found.identifier);
      const unpaid = await unpaidOf(tx, found.identifier);
      await this.workflow.taxpayer(
        tx,
        taxpayerId,
        {
          type: 'DeregisterTaxpayer',
          data: { taxpayerId, reason: dto.reason, materials: { setId: dto.materials.setId, documentIds: [...dto.materials.documentIds] }, unpaid, at: new Date().toISOString() },
        },
        { commandId: ctx.commandId, requestHash: ctx.requestHash, metadata: eventMetadataOf(ctx) },
      );
    });
    return this.get(taxpayerId, ctx.principal);
  }

  async get(taxpayerId: string, principal: Principal | undefined): Promise<TaxpayerView> {
    const found = await findTaxpayer(this.workflow.store.pool, taxpayerId);
    if (!found) throw new NotFoundError('taxpayer', taxpayerId);
    return presentPersonalData(found.view, principal, { department: TAX_DEPARTMENT, partyIds: [found.identifier] });
  }
}

function toIdentity(dto: TaxpayerIdentityDto): TaxpayerIdentity {
  if (dto.kind === 'person') {
    if (dto.creditCode !== undefined) throw ValidationError.field('taxpayer.creditCode', 'is for a business; a person registers by residentId');
    return { kind: 'person', residentId: dto.residentId as string, name: dto.name };
  }
  if (dto.residentId !== undefined) throw ValidationError.field('taxpayer.residentId', 'is for a person; a business registers by creditCode');
  return { kind: 'business', creditCode: dto.creditCode as string, name: dto.name };
}
