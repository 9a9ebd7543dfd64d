import { Controller, Get, Param, Query } from '@nestjs/common';
import { GrpcMethod, Payload } from '@nestjs/microservices';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ForbiddenError, NotFoundError } from '@gov/event-sourcing';
import { CurrentPrincipal, Roles, ServiceRuntime, type Principal, seesPersonalData } from '@gov/platform';
import { addCalendarDays, toInstant, WorkingDayCalendar } from '@gov/service-standards';
import { caseKeyOf } from '../shared/case-key';
import { Clock } from '../shared/clock';
import { maskResidentId } from '@gov/identity';
import { caseAccess, listDepartment } from './case-access.policy';
import { caseView, type CaseView } from './case-view';
import { CaseParams, GetCaseRequest, ListCasesQuery } from './cases.dto';
import { TrackedCaseStore } from './tracked-case.projection';
import { CaseListResponse, CaseResponse } from './cases.responses';

export interface CaseSummary {
  readonly caseKey: string;
  readonly service: string;
  readonly caseId: string;
  readonly itemCode: string;
  readonly department: string;
  readonly catalogVersion: string | null;
  readonly status: string;
  readonly standing: string | null;
  readonly acceptedAt: string | null;
  readonly completedAt: string | null;
  readonly dueAt: string | null;
  readonly warnedAt: string | null;
  readonly breachedAt: string | null;
}

interface SummaryRow {
  case_key: string;
  service: string;
  case_id: string;
  item_code: string;
  department: string;
  catalog_version: string | null;
  status: string;
  standing: string | null;
  accepted_at: Date | null;
  completed_at: Date | null;
  due_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly runtime: ServiceRuntime,
    private readonly cases: TrackedCaseStore,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
  ) {}

  @Get(':service/:caseId')
  @Roles('supervisor', 'clerk', 'applicant', 'service')
  @ApiOperation({ summary: "A case's timeline (steps, times, durations, suspensions) and its standing now" })
  @ApiOkResponse({ type: CaseResponse })
  async get(@Param() params: CaseParams, @CurrentPrincipal() principal: Principal): Promise<CaseView> {
    const c = await this.cases.get(this.runtime.pool, caseKeyOf(params));
    const access = c ? caseAccess(principal, c) : 'none';
    // An applicant learns nothing about cases that are not theirs, not even that they exist.
    if (!c || (access === 'none' && principal.roles.includes('applicant') && principal.roles.length === 1)) throw new NotFoundError('case', caseKeyOf(params));
    if (access === 'none') throw new ForbiddenError('only the case\'s department, supervisors and its parties may see it', 'not-your-case');
    const view = caseView(c, this.clock.now(), this.calendar);
    // Party ids are personal data: the one visibility rule decides whether they show.
    const visible = seesPersonalData(principal, { department: c.department, partyIds: c.applicantIds });
    return { ...view, applicantIds: visible ? view.applicantIds : view.applicantIds.map(maskResidentId) };
  }

  @Get()
  @Roles('supervisor', 'clerk')
  @ApiOperation({ summary: 'Cases by department, item, status, standing (e.g. standing=overdue) and acceptance day; clerks see their department' })
  @ApiOkResponse({ type: CaseListResponse })
  async list(@Query() query: ListCasesQuery, @CurrentPrincipal() principal: Principal): Promise<{ readonly cases: readonly CaseSummary[]; readonly next: string | null }> {
    const department = listDepartment(principal, query.department);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => where.push(sql.replace('?', `$${params.push(value)}`));
    if (department) add('department = ?', department);
    if (query.itemCode) add('item_code = ?', query.itemCode);
    if (query.status) add('status = ?', query.status);
    if (query.standing) add('standing = ?', query.standing);
    if (query.warned) where.push(query.warned === 'true' ? 'warned_at IS NOT NULL' : 'warned_at IS NULL');
    if (query.from) add('accepted_at >= ?', toInstant(query.from));
    if (query.to) add('accepted_at < ?', toInstant(addCalendarDays(query.to, 1)));
    if (query.after) add('case_key > ?', query.after);
    const limit = query.limit ?? 100;
    const { rows } = await this.runtime.pool.query<SummaryRow>(
      `SELECT case_key, service, case_id, item_code, department, catalog_version, status, standing, accepted_at, completed_at, due_at, warned_at, breached_at
       FROM sv_cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY case_key LIMIT ${limit}`,
      params,
    );
    return {
      cases: rows.map((r) => ({
        caseKey: r.case_key,
        service: r.service,
        caseId: r.case_id,
        itemCode: r.item_code,
        department: r.department,
        catalogVersion: r.catalog_version,
        status: r.status,
        standing: r.standing,
        acceptedAt: iso(r.accepted_at),
        completedAt: iso(r.completed_at),
        dueAt: iso(r.due_at),
        warnedAt: iso(r.warned_at),
        breachedAt: iso(r.breached_at),
      })),
      next: rows.length === limit ? rows[rows.length - 1].case_key : null,
    };
  }

  @GrpcMethod('SupervisionService', 'GetCase')
  @Roles('supervisor', 'clerk', 'applicant', 'service')
  getRpc(@Payload() request: GetCaseRequest, @CurrentPrincipal() principal: Principal): Promise<CaseView> {
    return this.get(request, principal);
  }
}
