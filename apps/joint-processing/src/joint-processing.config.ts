import { IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { PlatformConfig, NumberFromString, EnvInt } from '@gov/platform';

// Minutes may be fractional (0.05 = 3 s) so fault and timeout tests run in seconds.

export class JointProcessingConfig extends PlatformConfig {
  /** Catalog item of the joint house transfer (its key materials are required at the window). */
  @IsString()
  HOUSE_TRANSFER_ITEM = 'LB-01';

  /** The promise: completed within this many minutes of acceptance. */
  @NumberFromString() @IsNumber() @Min(0.01) @Max(24 * 60)
  PROMISE_MINUTES = 60;

  @NumberFromString() @IsNumber() @Min(0.01) @Max(24 * 60)
  PROMISE_WARNING_MINUTES = 45;

  /** How long the parties have to pay the transfer taxes before the case is compensated. */
  @NumberFromString() @IsNumber() @Min(0.01) @Max(7 * 24 * 60)
  PAYMENT_WINDOW_MINUTES = 40;

  /** Durable timers are checked this often. */
  @EnvInt(50, 60_000) TIMER_POLL_MS = 1000;

  /** JSON file of window categories; the packaged default when unset. */
  @IsOptional() @IsString()
  HALL_CONFIG?: string;
}
