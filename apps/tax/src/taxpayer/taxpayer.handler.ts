import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, ValidationError } from '@gov/event-sourcing';
import { commandOptionsOf, type CommandContext } from '@gov/platform';
import { assertSelfOrTaxStaff } from '../shared/access';
import { TaxUnits } from '../shared/tax-units';
import { unpaidOf } from '../payment/payment-order.projection';
import { TaxpayerAggregate } from './taxpayer.aggregate';
import { taxpayerIdentifier, type TaxpayerIdentity } from './taxpayer.commands';
import type { DeregisterTaxpayerDto, RegisterTaxpayerDto, TaxpayerIdentityDto } from './taxpayer.dto';
import { findTaxpayer, TAXPAYER_STREAM } from './taxpayer.projection';

export interface TaxpayerRef {
  readonly taxpayerId: string;
}

/** Register a taxpayer with one set of materials (REST and gRPC). */
export class RegisterTaxpayerCommand extends Command<TaxpayerRef> {
  constructor(
    readonly dto: RegisterTaxpayerDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Deregister a taxpayer; refused while anything is unpaid. */
export class DeregisterTaxpayerCommand extends Command<TaxpayerRef> {
  constructor(
    readonly taxpayerId: string,
    readonly dto: DeregisterTaxpayerDto,
    readonly context: CommandContext,
  ) {
    super();
  }
}

// A concurrent write to the same streams: the unit runs again on the new state.
const RETRIES = 2;

@CommandHandler(RegisterTaxpayerCommand)
export class RegisterTaxpayerHandler implements ICommandHandler<RegisterTaxpayerCommand, TaxpayerRef> {
  constructor(private readonly units: TaxUnits) {}

  async execute({ dto, context }: RegisterTaxpayerCommand): Promise<TaxpayerRef> {
    const taxpayer = toIdentity(dto.taxpayer);
    assertSelfOrTaxStaff(context.principal, taxpayerIdentifier(taxpayer));
    const taxpayerId = randomUUID();
    const { result } = await this.units.run(
      async (uow) => {
        await uow.decide(
          TaxpayerAggregate,
          taxpayerId,
          { type: 'RegisterTaxpayer', data: { taxpayerId, taxpayer, materials: { setId: dto.materials.setId, documentIds: [...dto.materials.documentIds] }, at: new Date().toISOString() } },
          TAXPAYER_STREAM,
        );
        return { taxpayerId };
      },
      { ...commandOptionsOf(context), retries: RETRIES },
    );
    return result;
  }
}

@CommandHandler(DeregisterTaxpayerCommand)
export class DeregisterTaxpayerHandler implements ICommandHandler<DeregisterTaxpayerCommand, TaxpayerRef> {
  constructor(private readonly units: TaxUnits) {}

  async execute({ taxpayerId, dto, context }: DeregisterTaxpayerCommand): Promise<TaxpayerRef> {
    await this.units.run(
      async (uow) => {
        const found = await findTaxpayer(uow.tx, taxpayerId);
        if (!found) throw new NotFoundError('taxpayer', taxpayerId);
        assertSelfOrTaxStaff(context.principal, found.identifier);
        // Unpaid items read in the unit's transaction.
        const unpaid = await unpaidOf(uow.tx, found.identifier);
        await uow.decide(
          TaxpayerAggregate,
          taxpayerId,
          {
            type: 'DeregisterTaxpayer',
            data: { taxpayerId, reason: dto.reason, materials: { setId: dto.materials.setId, documentIds: [...dto.materials.documentIds] }, unpaid, at: new Date().toISOString() },
          },
          TAXPAYER_STREAM,
        );
      },
      { ...commandOptionsOf(context), retries: RETRIES },
    );
    return { taxpayerId };
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
