import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateRepository, type RecordedEvent } from '@gov/event-sourcing/postgres';
import { commandOptionsOf, type CommandContext } from '@gov/platform';
import { RealEstateUnitAggregate } from './real-estate-unit.aggregate';
import type {
  LiftSeizure,
  RegisterMortgage,
  RegisterObjection,
  RegisterSeizure,
  RegisterUnit,
  ReleaseMortgage,
  WithdrawObjection,
} from './real-estate-unit.commands';
import type { RealEstateUnitEvent } from './real-estate-unit.events';
import { projectUnit } from './unit.projection';

/** What a clerk may do to the register directly; locks and ownership change only through a transfer. */
export type RegisterChange = RegisterUnit | RegisterMortgage | ReleaseMortgage | RegisterSeizure | LiftSeizure | RegisterObjection | WithdrawObjection;

export interface UnitChangeOutcome {
  readonly unitNumber: string;
  readonly version: number;
  readonly duplicate: boolean;
}

export class ChangeUnit extends Command<UnitChangeOutcome> {
  constructor(
    readonly command: RegisterChange,
    readonly context: CommandContext,
  ) {
    super();
  }
}

// A register change racing a transfer's lock on the same unit is decided again on the new state.
const RETRIES = 3;

@CommandHandler(ChangeUnit)
export class UnitHandler implements ICommandHandler<ChangeUnit, UnitChangeOutcome> {
  constructor(private readonly aggregates: AggregateRepository) {}

  async execute({ command, context }: ChangeUnit): Promise<UnitChangeOutcome> {
    const { unitNumber } = command.data;
    const handled = await this.aggregates.handle(RealEstateUnitAggregate, unitNumber, command, {
      ...commandOptionsOf(context),
      retries: RETRIES,
      project: async (tx, events, state) => {
        if (events.length > 0) await projectUnit(tx, state, events[events.length - 1].streamVersion, events as readonly RecordedEvent<RealEstateUnitEvent>[]);
      },
      result: (_state, _events, version) => ({ unitNumber, version }),
    });
    return { ...handled.result, duplicate: handled.duplicate };
  }
}
