import { IsString, Matches } from 'class-validator';
import { PlatformConfig, EnvInt } from '@gov/platform';
import { REAL_ESTATE_ITEM_CODES } from '@gov/contracts';


/** The real-estate registration service's variables, beside the platform's. */
export class RealEstateConfig extends PlatformConfig {
  override HTTP_PORT = 3101;

  override GRPC_PORT = 50101;

  /** Certificate numbers `渝(YYYY)涪陵区不动产权第NNNNNNN号`: the province's one-character abbreviation. */
  @IsString() @Matches(/^\p{Script=Han}$/u, { message: 'CERTIFICATE_PROVINCE must be one Chinese character, e.g. 渝' })
  CERTIFICATE_PROVINCE = '渝';

  /** ...and the district that issues them. */
  @IsString() @Matches(/^\p{Script=Han}{2,20}$/u, { message: 'CERTIFICATE_DISTRICT must be 2-20 Chinese characters, e.g. 涪陵区' })
  CERTIFICATE_DISTRICT = '涪陵区';

  /** Catalog item the sale transfer cases are measured against (case lifecycle events). */
  @IsString() @Matches(/^[A-Z0-9-]{2,32}$/)
  TRANSFER_ITEM_CODE: string = REAL_ESTATE_ITEM_CODES.saleTransfer;

  /** Units written per transaction by the bulk import. */
  @EnvInt(1, 5000) IMPORT_BATCH_SIZE = 500;

  /** Import batches written at the same time while the file keeps streaming in. */
  @EnvInt(1, 16) IMPORT_CONCURRENCY = 3;

  /** Per-line errors listed in an import report; the rest are only counted. */
  @EnvInt(0, 100_000) IMPORT_MAX_REPORTED_ERRORS = 1000;
}
