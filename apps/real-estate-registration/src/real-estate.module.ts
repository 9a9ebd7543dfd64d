import { Module, type DynamicModule } from '@nestjs/common';
import { REAL_ESTATE_MESSAGE_VERSIONS, SERVICES } from '@gov/contracts';
import { JsonLogger, PlatformModule, eventSchemasOf } from '@gov/platform';
import { CertificateController } from './certificate/certificate.controller';
import { CertificateQueries } from './certificate/certificate.queries';
import { READ_MODEL_SCHEMA } from './read-models.schema';
import { RealEstateConfig } from './real-estate.config';
import { RegisterImportController } from './register-import/register-import.controller';
import { ImportRegisterHandler } from './register-import/register-import.handler';
import { RegisterImportService } from './register-import/register-import.service';
import { UnitController } from './register/unit.controller';
import { UnitHandler } from './register/unit.handler';
import { UnitQueries } from './register/unit.queries';
import { SaleTransferController } from './transfer/sale-transfer.controller';
import { SaleTransferHandler } from './transfer/sale-transfer.handler';
import { TransferQueries } from './transfer/sale-transfer.queries';
import { TaxClearanceConsumer } from './transfer/tax-clearance.consumer';
import { TransferCommandsConsumer } from './transfer/transfer-commands.consumer';

/** Real-estate registration (不动产登记): the register, bulk import, sale transfers and certificates. */
@Module({})
export class RealEstateModule {
  static forRoot(config: RealEstateConfig, logger: JsonLogger): DynamicModule {
    return {
      module: RealEstateModule,
      imports: [PlatformModule.forRoot({ service: SERVICES.realEstate, config, logger, schema: READ_MODEL_SCHEMA, schemas: eventSchemasOf(REAL_ESTATE_MESSAGE_VERSIONS) })],
      // The import's fixed route comes before the unit routes with parameters.
      controllers: [RegisterImportController, UnitController, SaleTransferController, CertificateController],
      providers: [
        UnitHandler,
        UnitQueries,
        RegisterImportService,
        ImportRegisterHandler,
        SaleTransferHandler,
        TransferQueries,
        CertificateQueries,
        TransferCommandsConsumer,
        TaxClearanceConsumer,
      ],
    };
  }
}
