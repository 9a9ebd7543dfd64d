import { Inject, Injectable } from '@nestjs/common';
import { AggregateRepository, settle, type UnitOfWork, type UnitOfWorkOptions, type UnitOfWorkResult, type UnitReaction } from '@gov/event-sourcing/postgres';

/** The capabilities' in-transaction reactions (tax.module.ts lists them; nothing here knows them). */
export const TAX_REACTIONS = Symbol('tax in-service reactions');

/**
 * The one write path of the tax service: a unit of work over the streams a command
 * touches, settled with every capability's reactions before it commits, so a payment
 * order is issued with its assessment and a clearance with its payment, or neither.
 */
@Injectable()
export class TaxUnits {
  constructor(
    private readonly aggregates: AggregateRepository,
    @Inject(TAX_REACTIONS) private readonly reactions: readonly UnitReaction[],
  ) {}

  /**
   * `work` decides on `uow`; the reactions run when it returns, or earlier when it calls
   * `settled()` (to read the read models the reactions wrote, in `uow.tx`).
   */
  run<R>(work: (uow: UnitOfWork, settled: () => Promise<void>) => Promise<R>, options: UnitOfWorkOptions): Promise<UnitOfWorkResult<R>> {
    return this.aggregates.unitOfWork(async (uow) => {
      const settled = async (): Promise<void> => {
        await settle(uow, this.reactions);
      };
      const result = await work(uow, settled);
      await settled();
      return result;
    }, options);
  }
}
