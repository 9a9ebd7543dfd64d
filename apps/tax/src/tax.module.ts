import { Module, type DynamicModule } from '@nestjs/common';
import { SERVICES, TAX_MESSAGE_VERSIONS } from '@gov/contracts';
import { JsonLogger, PlatformModule, eventSchemasOf } from '@gov/platform';
import { HouseTransferTaxGrpcController } from './house-transfer-tax/house-transfer-tax.grpc';
import { ReferencePriceController } from './house-transfer-tax/reference-price.controller';
import { ReferencePriceStore } from './house-transfer-tax/reference-price.store';
import { TaxAssessmentController } from './house-transfer-tax/tax-assessment.controller';
import { TaxAssessmentHandler } from './house-transfer-tax/tax-assessment.handler';
import { TaxCommandsConsumer } from './house-transfer-tax/tax-commands.consumer';
import { PaymentOrderController } from './payment/payment-order.controller';
import { PaymentOrderGrpcController } from './payment/payment-order.grpc';
import { PaymentOrderHandler } from './payment/payment-order.handler';
import { RawBodyCapture } from './payment/raw-body.capture';
import { TaxConfig } from './tax.config';
import { TAX_SCHEMA } from './tax.schema';
import { TaxpayerController } from './taxpayer/taxpayer.controller';
import { TaxpayerGrpcController } from './taxpayer/taxpayer.grpc';
import { TaxpayerHandler } from './taxpayer/taxpayer.handler';
import { assertTaxItemsInCatalog } from './workflow/case-lifecycle';
import { TaxWorkflow } from './workflow/tax-workflow';

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
      providers: [TaxWorkflow, TaxpayerHandler, ReferencePriceStore, TaxAssessmentHandler, PaymentOrderHandler, TaxCommandsConsumer, RawBodyCapture],
    };
  }
}
