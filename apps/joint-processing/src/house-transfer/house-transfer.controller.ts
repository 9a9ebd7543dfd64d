import { Body, Controller, Get, Headers, Param, Post } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ValidationError } from '@gov/event-sourcing';
import { CurrentPrincipal, ParseUuidParam, Roles, type Principal } from '@gov/platform';
import { HouseTransferService } from './house-transfer.service';
import { CaseIdDto, HouseTransferAccepted, HouseTransferRequirements, HouseTransferView, SubmitHouseTransferDto } from './house-transfer.dto';

@ApiTags('house-transfers')
@ApiBearerAuth()
@Controller('house-transfers')
export class HouseTransferController {
  constructor(private readonly cases: HouseTransferService) {}

  @Post()
  @Roles('clerk')
  @ApiOperation({ summary: 'Accept a second-hand house transfer at the window (one application, one set of materials)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key returns the first result' })
  @ApiCreatedResponse({ type: HouseTransferAccepted })
  submit(@Body() dto: SubmitHouseTransferDto, @CurrentPrincipal() clerk: Principal, @Headers('idempotency-key') key?: string): Promise<{ caseId: string; status: string }> {
    if (key !== undefined && !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) throw ValidationError.field('Idempotency-Key', 'must be 8 to 128 characters of letters, digits, . _ : -');
    return this.cases.submit(dto, clerk, key);
  }

  @Get('requirements')
  @ApiOperation({ summary: 'Required materials and the promise, from the item catalog in force today' })
  @ApiOkResponse({ type: HouseTransferRequirements })
  requirements(): ReturnType<HouseTransferService['requirements']> {
    return this.cases.requirements();
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'The case with its timeline (each step, its time and duration, who acted)' })
  @ApiOkResponse({ type: HouseTransferView })
  get(@Param('caseId', ParseUuidParam) caseId: string, @CurrentPrincipal() p: Principal): Promise<HouseTransferView> {
    return this.cases.view(caseId, p);
  }

  @GrpcMethod('JointProcessing', 'SubmitHouseTransfer')
  @Roles('clerk')
  submitRpc(@Payload() dto: SubmitHouseTransferDto, @CurrentPrincipal() clerk: Principal): Promise<{ caseId: string; status: string }> {
    return this.cases.submit(dto, clerk);
  }

  @GrpcMethod('JointProcessing', 'GetHouseTransfer')
  async getRpc(@Payload() dto: CaseIdDto, @CurrentPrincipal() p: Principal): Promise<Record<string, unknown>> {
    const v = await this.cases.view(dto.caseId, p);
    return { ...v, ticket: { day: v.ticket.day, number: v.ticket.number }, window: v.ticket.window };
  }
}
