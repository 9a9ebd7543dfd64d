import type { ServiceItem } from '../catalog/catalog.types';
import { roundedPercent } from './rate';

/** How much the promised limits shorten the legal ones (承诺时限比法定时限压缩). */
export interface Compression {
  /** Items compared: both limits in working days. */
  readonly items: number;
  /** Items left out: no legal limit, or limits in hours. */
  readonly excluded: number;
  readonly legalWorkingDays: number;
  readonly promisedWorkingDays: number;
  /** 1 − Σ promised / Σ legal, the article's cumulative figure (累计压缩). */
  readonly ratio: number | null;
  /** Whole percent, half up. */
  readonly percent: number | null;
}

export function limitCompression(items: readonly ServiceItem[]): Compression {
  let legal = 0;
  let promised = 0;
  let compared = 0;
  for (const item of items) {
    if (item.legalLimit?.unit !== 'working-days' || item.promisedLimit.unit !== 'working-days') continue;
    legal += item.legalLimit.value;
    promised += item.promisedLimit.value;
    compared++;
  }
  return {
    items: compared,
    excluded: items.length - compared,
    legalWorkingDays: legal,
    promisedWorkingDays: promised,
    ratio: legal === 0 ? null : 1 - promised / legal,
    percent: legal === 0 ? null : roundedPercent(legal - promised, legal),
  };
}
