/** Planned use of a unit (房屋用途); residential matters to the transfer taxes. */
export type UnitUse = 'residential' | 'commercial' | 'office' | 'industrial' | 'storage' | 'parking' | 'other';

/** The register's Chinese labels, accepted by the import. */
export const UNIT_USE_LABELS: Readonly<Record<string, UnitUse>> = {
  住宅: 'residential',
  商业: 'commercial',
  办公: 'office',
  工业: 'industrial',
  仓储: 'storage',
  车位: 'parking',
  其他: 'other',
};

export const UNIT_USES: readonly UnitUse[] = ['residential', 'commercial', 'office', 'industrial', 'storage', 'parking', 'other'];

export function isUnitUse(value: unknown): value is UnitUse {
  return typeof value === 'string' && (UNIT_USES as readonly string[]).includes(value);
}
