// Response schemas of the parties that units, transfers and certificates all show; here in
// shared/ so those capabilities need not import one another. Each class `implements` the view
// it documents, so the compiler keeps the two in step.
import { ApiProperty } from '@nestjs/swagger';
import type { Owner, Party } from '../domain/party';
import type { Share } from '../domain/share';

export const MASKED = 'masked unless the caller is a party or registry staff (see personalDataVisible)';

export class ShareResponse implements Share {
  @ApiProperty({ type: 'integer', minimum: 1 }) readonly numerator!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) readonly denominator!: number;
}

export class PartyResponse implements Party {
  @ApiProperty({ description: MASKED }) readonly name!: string;
  @ApiProperty({ enum: ['resident-id', 'credit-code'] }) readonly idType!: Party['idType'];
  @ApiProperty({ description: MASKED }) readonly idNumber!: string;
}

export class OwnerResponse extends PartyResponse implements Owner {
  @ApiProperty({ type: ShareResponse }) readonly share!: Share;
}
