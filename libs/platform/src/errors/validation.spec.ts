import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ValidationError } from '@gov/event-sourcing';
import { createValidationPipe, missingNestedObjects } from './validation';

class Share {
  @ApiProperty() @IsInt() numerator!: number;
}
class Owner {
  @ApiProperty() @IsString() name!: string;
  @ApiProperty({ type: Share }) @ValidateNested() @Type(() => Share) share!: Share;
}
class Unit {
  @ApiProperty({ type: [Owner] }) @ValidateNested({ each: true }) @Type(() => Owner) owners!: Owner[];
  @ApiPropertyOptional({ type: Share }) @IsOptional() @ValidateNested() @Type(() => Share) extra?: Share;
}
class Empty {}

describe('validation pipe', () => {
  const pipe = createValidationPipe();

  it('refuses a required nested object left out, naming its path (class-validator alone lets it through)', async () => {
    expect(missingNestedObjects(Unit, { owners: [{ name: 'a' }] })).toEqual([{ field: 'owners[0].share', message: 'is required' }]);
    const refused = await pipe.transform({ owners: [{ name: 'a' }] }, { type: 'body', metatype: Unit }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toContainEqual({ field: 'owners[0].share', message: 'is required' });
  });

  it('accepts the complete object and an optional nested one left out', async () => {
    await expect(pipe.transform({ owners: [{ name: 'a', share: { numerator: 1 } }] }, { type: 'body', metatype: Unit })).resolves.toBeInstanceOf(Unit);
  });

  it('accepts the empty request of a type with no fields, and names a field it does not know', async () => {
    await expect(pipe.transform({}, { type: 'body', metatype: Empty })).resolves.toEqual({});
    const refused = await pipe.transform({ x: 1 }, { type: 'body', metatype: Empty }).catch((e: unknown) => e);
    expect((refused as ValidationError).issues).toEqual([{ field: 'x', message: 'is not a known field' }]);
  });
});
