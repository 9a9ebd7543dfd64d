import { join } from 'node:path';
import { IsIn, IsString, Matches } from 'class-validator';
import { PlatformConfig, EnvInt } from '@gov/platform';
import { SERVICES } from '@gov/contracts';


/** Every department service that exists or is planned; supervision subscribes to their events topics by name. */
const DEPARTMENT_SERVICES = Object.values(SERVICES).filter((s) => s !== SERVICES.supervision);

export class SupervisionConfig extends PlatformConfig {
  override HTTP_PORT = 3104;
  override GRPC_PORT = 50104;

  /** Directory of catalog versions (`<version>.json`) loaded into the database at start. */
  @IsString()
  CATALOG_DIR = join(__dirname, '..', '..', '..', 'libs', 'service-standards', 'data', 'catalog');

  /**
   * A loaded version whose file changed: `refuse` stops start-up (cases were measured
   * against it; publish a new version instead), `replace` overwrites it (development).
   */
  @IsIn(['refuse', 'replace'])
  CATALOG_CHANGED_VERSION: 'refuse' | 'replace' = 'refuse';

  /**
   * Services whose events topics are subscribed by name (and created when missing), so
   * a topic created after start-up is not missed; any other `gov.<service>.events.v1`
   * existing at start is matched by pattern.
   */
  @IsString()
  @Matches(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, { message: 'SUPERVISED_SERVICES must be a comma-separated list of service names' })
  SUPERVISED_SERVICES = DEPARTMENT_SERVICES.join(',');

  @IsIn(['enabled', 'disabled'])
  DEADLINE_TIMERS: 'enabled' | 'disabled' = 'enabled';

  /** Due warnings and breaches are looked for this often. */
  @EnvInt(50, 60_000) TIMER_POLL_MS = 1000;

  @EnvInt(1, 1000) TIMER_BATCH = 100;

  /**
   * A timer fires only once the consumer has read this far past the event that
   * armed it: a department publishes a case's events of one transaction within
   * moments, and during a rebuild this holds every timer until supervision has caught up.
   */
  @EnvInt(0, 3_600_000) TIMER_SETTLE_MS = 5000;

  /** A statistics query over more cases than this is refused (the figures are computed in memory). */
  @EnvInt(1, 5_000_000) STATISTICS_MAX_CASES = 500_000;

  get supervisedServices(): string[] {
    return this.SUPERVISED_SERVICES.split(',').filter((s) => s !== SERVICES.supervision);
  }
}
