import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES, TAX_MESSAGE_VERSIONS } from '@gov/contracts';
import type { UnitReaction } from '@gov/event-sourcing/postgres';
import { JsonLogger, PlatformModule, eventSchemasOf } from '@gov/platform';
import { HouseTransferTaxGrpcController } from './house-transfer-tax/house-transfer-tax.grpc';
import { HouseTransferTaxReactions } from './house-transfer-tax/house-transfer-tax.reactions';
import { ReferencePriceController } from './house-transfer-tax/reference-price.controller';
import { ImportReferencePricesHandler } from './house-transfer-tax/reference-price.handler';
import { ReferencePriceStore } from './house-transfer-tax/reference-price.store';
import { TaxAssessmentController } from './house-transfer-tax/tax-assessment.controller';
import { AssessHouseTransferTaxHandler, CancelAssessmentHandler } from './house-transfer-tax/tax-assessment.handler';
import { TaxAssessmentQueries } from './house-transfer-tax/tax-assessment.queries';
import { RecordTaxCommandRefusalHandler } from './house-transfer-tax/tax-command-refusal.handler';
import { TaxCommandsConsumer } from './house-transfer-tax/tax-commands.consumer';
import { PaymentOrderController } from './payment/payment-order.controller';
import { PaymentOrderGrpcController } from './payment/payment-order.grpc';
import { BankChannel, RecordBankNotificationHandler } from './payment/payment-order.handler';
import { PaymentOrderQueries } from './payment/payment-order.queries';
import { RawBodyCapture } from './payment/raw-body.capture';
import { assertTaxItemsInCatalog } from './shared/case-lifecycle';
import { TAX_REACTIONS, TaxUnits } from './shared/tax-units';
import { TaxConfig } from './tax.config';
import { TAX_SCHEMA } from './tax.schema';
import { TaxpayerController } from './taxpayer/taxpayer.controller';
import { TaxpayerGrpcController } from './taxpayer/taxpayer.grpc';
import { DeregisterTaxpayerHandler, RegisterTaxpayerHandler } from './taxpayer/taxpayer.handler';
import { TaxpayerQueries } from './taxpayer/taxpayer.queries';
import { TaxpayerReactions } from './taxpayer/taxpayer.reactions';

@Module({})
export class TaxModule {
  static forRoot(config: TaxConfig, logger: JsonLogger): DynamicModule {
    assertTaxItemsInCatalog();
    return {
      module: TaxModule,
      imports: [PlatformModule.forRoot({ service: SERVICES.tax, config, logger, schema: TAX_SCHEMA, schemas: eventSchemasOf(TAX_MESSAGE_VERSIONS) })],
      controllers: [
        TaxpayerController,
        ReferencePriceController,
        TaxAssessmentController,
        PaymentOrderController,
        TaxpayerGrpcController,
        HouseTransferTaxGrpcController,
        PaymentOrderGrpcController,
      ],
      providers: [
        // The write path: command handlers over one unit of work, settled with each capability's reactions.
        TaxUnits,
        TaxpayerReactions,
        HouseTransferTaxReactions,
        {
          provide: TAX_REACTIONS,
          useFactory: (...reactions: UnitReaction[]): readonly UnitReaction[] => reactions,
          inject: [TaxpayerReactions, HouseTransferTaxReactions],
        },
        RegisterTaxpayerHandler,
        DeregisterTaxpayerHandler,
        AssessHouseTransferTaxHandler,
        CancelAssessmentHandler,
        RecordTaxCommandRefusalHandler,
        RecordBankNotificationHandler,
        BankChannel,
        TaxpayerQueries,
        TaxAssessmentQueries,
        PaymentOrderQueries,
        ReferencePriceStore,
        ImportReferencePricesHandler,
        TaxCommandsConsumer,
        RawBodyCapture,
      ],
    };
  }
}
