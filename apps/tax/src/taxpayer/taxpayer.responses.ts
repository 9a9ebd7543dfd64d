// Success response schemas of the taxpayer REST API. Each class `implements` the view it
// documents, so the compiler keeps the two in step.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MaterialsSet, TaxpayerIdentity } from './taxpayer.commands';
import type { TaxpayerView } from './taxpayer.projection';

export class TaxpayerIdentityResponse {
  @ApiProperty({ enum: ['person', 'business'] }) readonly kind!: 'person' | 'business';
  @ApiProperty() readonly name!: string;
  @ApiPropertyOptional({ description: 'kind person: resident identity number (masked for non-parties)' }) readonly residentId?: string;
  @ApiPropertyOptional({ description: 'kind business: Unified Social Credit Code' }) readonly creditCode?: string;
}

export class MaterialsSetResponse implements MaterialsSet {
  @ApiProperty() readonly setId!: string;
  @ApiProperty({ type: [String] }) readonly documentIds!: readonly string[];
}

export class TaxpayerResponse implements TaxpayerView {
  @ApiProperty() readonly taxpayerId!: string;
  @ApiProperty({ enum: ['registered', 'deregistered'] }) readonly status!: 'registered' | 'deregistered';
  @ApiProperty({ type: TaxpayerIdentityResponse }) readonly taxpayer!: TaxpayerIdentity;
  @ApiProperty({ type: MaterialsSetResponse }) readonly materials!: MaterialsSet;
  @ApiProperty({ format: 'date-time' }) readonly registeredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readonly deregisteredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) readonly deregistrationReason!: string | null;
}
