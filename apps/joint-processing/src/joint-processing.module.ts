import { Module, type DynamicModule } from '@nestjs/common';
import { JsonLogger, PlatformModule } from '@gov/platform';
import { SERVICES } from '@gov/contracts';
import { seedCatalog, type Catalog } from '@gov/service-standards';
import { JointProcessingConfig } from './joint-processing.config';
import { HallController } from './hall/hall.controller';
import { CallNextTicketHandler, TakeTicketHandler } from './hall/hall.handlers';
import { HallService, HALL_SCHEMA, WINDOW_CATEGORIES } from './hall/hall.service';
import { loadWindowCategories } from './hall/hall.config';
import { HouseTransferController } from './house-transfer/house-transfer.controller';
import { FireCaseTimerHandler, RecordDepartmentEventHandler, SubmitHouseTransferHandler } from './house-transfer/house-transfer.handlers';
import { HouseTransferService, CATALOG } from './house-transfer/house-transfer.service';
import { HOUSE_TRANSFER_SCHEMA } from './house-transfer/house-transfer.projection';
import { DepartmentEventsConsumer } from './house-transfer/department-events.consumer';
import { CaseTimers } from './house-transfer/case-timers';
import { jointCaseRoute } from './house-transfer/outbound-commands.route';

@Module({})
export class JointProcessingModule {
  static forRoot(config: JointProcessingConfig, logger: JsonLogger, catalog: Catalog = seedCatalog()): DynamicModule {
    return {
      module: JointProcessingModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICES.jointProcessing,
          config,
          logger,
          schema: `${HALL_SCHEMA}\n${HOUSE_TRANSFER_SCHEMA}`,
          route: jointCaseRoute(config.TOPIC_PREFIX),
          topics: [
            // Commands go to these topics; their owners provision them too, whoever starts first.
            { topic: `${config.TOPIC_PREFIX}gov.${SERVICES.realEstate}.commands.v1`, withDlq: true },
            { topic: `${config.TOPIC_PREFIX}gov.${SERVICES.tax}.commands.v1`, withDlq: true },
          ],
        }),
      ],
      controllers: [HallController, HouseTransferController],
      providers: [
        { provide: JointProcessingConfig, useValue: config },
        { provide: WINDOW_CATEGORIES, useValue: loadWindowCategories(config.HALL_CONFIG) },
        { provide: CATALOG, useValue: catalog },
        HallService,
        HouseTransferService,
        TakeTicketHandler,
        CallNextTicketHandler,
        SubmitHouseTransferHandler,
        RecordDepartmentEventHandler,
        FireCaseTimerHandler,
        DepartmentEventsConsumer,
        CaseTimers,
      ],
    };
  }
}
