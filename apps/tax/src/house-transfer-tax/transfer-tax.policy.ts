import rawPolicyTable from './data/transfer-tax-policy.json';
import { parseDecimal, toScaledInteger } from '../shared/decimal';
import { isIsoDate } from '@gov/service-standards';

/**
 * The house-transfer tax policy: rates and thresholds are data
 * (data/transfer-tax-policy.json), versioned and effective-dated. A changed
 * rule is a new version; an assessment names the version and line it applied.
 */

export type BuyerFamilyHome = 'first' | 'second' | 'other';
export type TaxPayer = 'seller' | 'buyer';
export type SurchargeKind = 'urban-maintenance-tax' | 'education-surcharge' | 'local-education-surcharge';
export type TaxKind = 'deed-tax' | 'value-added-tax' | SurchargeKind | 'individual-income-tax' | 'stamp-duty';
export type DeedTaxArea = 'up-to-threshold' | 'above-threshold' | 'any';

/** What an assessed line cites: the policy line's id within a policy version. */
export interface PolicyLineRef {
  readonly id: string;
  readonly version: string;
}

export interface PolicyLine {
  readonly id: string;
  /** The legal instrument behind the line, for the reader of an assessment. */
  readonly source: string;
}

export interface RatedPolicyLine extends PolicyLine {
  /** Decimal string, e.g. "0.015". */
  readonly rate: string;
}

export interface DeedTaxBracket extends RatedPolicyLine {
  readonly buyerFamilyHome: BuyerFamilyHome;
  readonly area: DeedTaxArea;
}

export interface SurchargeLine extends RatedPolicyLine {
  readonly tax: SurchargeKind;
}

export interface TransferTaxPolicy {
  readonly version: string;
  /** First day the version applies (inclusive), `YYYY-MM-DD`. */
  readonly effectiveFrom: string;
  /** First day it no longer applies (exclusive); null while in force. */
  readonly effectiveUntil: string | null;
  readonly note: string;
  readonly deedTax: {
    /** Decimal m²; an area equal to the threshold is "up to" it. */
    readonly areaThresholdM2: string;
    readonly brackets: readonly DeedTaxBracket[];
  };
  readonly valueAddedTax: {
    readonly exemptWhenHeldYears: number;
    readonly exempt: PolicyLine;
    /** The contract price includes VAT: VAT = price × rate ÷ divisor. */
    readonly taxed: RatedPolicyLine & { readonly divisor: string };
  };
  /** Levied on the VAT amount. */
  readonly surcharges: readonly SurchargeLine[];
  readonly individualIncomeTax: {
    readonly exemptWhenHeldYears: number;
    readonly exemptOnlyForOnlyFamilyHome: boolean;
    readonly exempt: PolicyLine;
    readonly onGain: RatedPolicyLine;
    readonly onPriceWhenCostUnproven: RatedPolicyLine;
  };
  readonly stampDuty: { readonly exempt: PolicyLine };
}

export interface TransferTaxPolicyTable {
  readonly jurisdiction: {
    readonly divisionCode: string;
    readonly name: string;
    readonly urbanMaintenanceZone: string;
  };
  readonly versions: readonly TransferTaxPolicy[];
}

export function findTransferTaxPolicy(table: TransferTaxPolicyTable, version: string): TransferTaxPolicy | undefined {
  return table.versions.find((policy) => policy.version === version);
}

/** The version in force on a calendar date, e.g. the contract date. */
export function transferTaxPolicyOn(table: TransferTaxPolicyTable, date: string): TransferTaxPolicy | undefined {
  return table.versions.find((policy) => isPolicyEffectiveOn(policy, date));
}

export function isPolicyEffectiveOn(policy: TransferTaxPolicy, date: string): boolean {
  return policy.effectiveFrom <= date && (policy.effectiveUntil === null || date < policy.effectiveUntil);
}

export function policyLineRef(policy: TransferTaxPolicy, line: PolicyLine): PolicyLineRef {
  return { id: line.id, version: policy.version };
}

/** Every line of a version, for a reader who follows an assessed line back to its rule. */
export function policyLines(policy: TransferTaxPolicy): readonly PolicyLine[] {
  return [
    ...policy.deedTax.brackets,
    policy.valueAddedTax.exempt,
    policy.valueAddedTax.taxed,
    ...policy.surcharges,
    policy.individualIncomeTax.exempt,
    policy.individualIncomeTax.onGain,
    policy.individualIncomeTax.onPriceWhenCostUnproven,
    policy.stampDuty.exempt,
  ];
}

/** The policy line an assessed line cites, with its legal source; undefined for an unknown ref. */
export function findPolicyLine(table: TransferTaxPolicyTable, ref: PolicyLineRef): PolicyLine | undefined {
  const policy = findTransferTaxPolicy(table, ref.version);
  return policy ? policyLines(policy).find((line) => line.id === ref.id) : undefined;
}

/** The deed-tax bracket for the buyer's family home count and the area in hundredths of m². */
export function deedTaxBracketFor(
  policy: TransferTaxPolicy,
  buyerFamilyHome: BuyerFamilyHome,
  areaHundredths: number,
): DeedTaxBracket {
  const threshold = toScaledInteger(policy.deedTax.areaThresholdM2, 2) ?? 0;
  const area: DeedTaxArea = areaHundredths <= threshold ? 'up-to-threshold' : 'above-threshold';
  const bracket = policy.deedTax.brackets.find(
    (b) => b.buyerFamilyHome === buyerFamilyHome && (b.area === 'any' || b.area === area),
  );
  // parseTransferTaxPolicyTable proves every combination has a bracket.
  if (!bracket) throw new Error(`policy ${policy.version} has no deed-tax bracket for ${buyerFamilyHome}/${area}`);
  return bracket;
}

/**
 * Checks the table's shape and consistency (rates parse, versions don't
 * overlap, every buyer/area combination has exactly one deed-tax bracket).
 * A broken table stops the service at start with every problem listed.
 */
export function parseTransferTaxPolicyTable(raw: unknown): TransferTaxPolicyTable {
  const r = new JsonReader();
  const root = r.object(raw, '$');
  const jurisdiction = r.object(root.jurisdiction, '$.jurisdiction');
  const table: TransferTaxPolicyTable = {
    jurisdiction: {
      divisionCode: r.string(jurisdiction, 'divisionCode', '$.jurisdiction'),
      name: r.string(jurisdiction, 'name', '$.jurisdiction'),
      urbanMaintenanceZone: r.string(jurisdiction, 'urbanMaintenanceZone', '$.jurisdiction'),
    },
    versions: r.array(root.versions, '$.versions').map((v, i) => readPolicy(r, v, `$.versions[${i}]`)),
  };
  checkVersions(r, table.versions);
  r.throwIfAny();
  return table;
}

const HOMES: readonly BuyerFamilyHome[] = ['first', 'second', 'other'];
const AREAS: readonly DeedTaxArea[] = ['up-to-threshold', 'above-threshold', 'any'];
const SURCHARGES: readonly SurchargeKind[] = ['urban-maintenance-tax', 'education-surcharge', 'local-education-surcharge'];

function readPolicy(r: JsonReader, raw: unknown, path: string): TransferTaxPolicy {
  const o = r.object(raw, path);
  const deed = r.object(o.deedTax, `${path}.deedTax`);
  const vat = r.object(o.valueAddedTax, `${path}.valueAddedTax`);
  const iit = r.object(o.individualIncomeTax, `${path}.individualIncomeTax`);
  const stamp = r.object(o.stampDuty, `${path}.stampDuty`);
  const policy: TransferTaxPolicy = {
    version: r.string(o, 'version', path),
    effectiveFrom: r.date(o, 'effectiveFrom', path),
    effectiveUntil: o.effectiveUntil === null ? null : r.date(o, 'effectiveUntil', path),
    note: typeof o.note === 'string' ? o.note : '',
    deedTax: {
      areaThresholdM2: r.area(deed, 'areaThresholdM2', `${path}.deedTax`),
      brackets: r.array(deed.brackets, `${path}.deedTax.brackets`).map((b, i) => {
        const at = `${path}.deedTax.brackets[${i}]`;
        const bracket = r.object(b, at);
        return {
          ...r.ratedLine(bracket, at),
          buyerFamilyHome: r.oneOf(bracket, 'buyerFamilyHome', HOMES, at),
          area: r.oneOf(bracket, 'area', AREAS, at),
        };
      }),
    },
    valueAddedTax: {
      exemptWhenHeldYears: r.positiveInteger(vat, 'exemptWhenHeldYears', `${path}.valueAddedTax`),
      exempt: r.line(r.object(vat.exempt, `${path}.valueAddedTax.exempt`), `${path}.valueAddedTax.exempt`),
      taxed: (() => {
        const at = `${path}.valueAddedTax.taxed`;
        const taxed = r.object(vat.taxed, at);
        return { ...r.ratedLine(taxed, at), divisor: r.rate(taxed, 'divisor', at) };
      })(),
    },
    surcharges: r.array(o.surcharges, `${path}.surcharges`).map((s, i) => {
      const at = `${path}.surcharges[${i}]`;
      const surcharge = r.object(s, at);
      return { ...r.ratedLine(surcharge, at), tax: r.oneOf(surcharge, 'tax', SURCHARGES, at) };
    }),
    individualIncomeTax: {
      exemptWhenHeldYears: r.positiveInteger(iit, 'exemptWhenHeldYears', `${path}.individualIncomeTax`),
      exemptOnlyForOnlyFamilyHome: r.boolean(iit, 'exemptOnlyForOnlyFamilyHome', `${path}.individualIncomeTax`),
      exempt: r.line(r.object(iit.exempt, `${path}.individualIncomeTax.exempt`), `${path}.individualIncomeTax.exempt`),
      onGain: r.ratedLine(r.object(iit.onGain, `${path}.individualIncomeTax.onGain`), `${path}.individualIncomeTax.onGain`),
      onPriceWhenCostUnproven: r.ratedLine(
        r.object(iit.onPriceWhenCostUnproven, `${path}.individualIncomeTax.onPriceWhenCostUnproven`),
        `${path}.individualIncomeTax.onPriceWhenCostUnproven`,
      ),
    },
    stampDuty: { exempt: r.line(r.object(stamp.exempt, `${path}.stampDuty.exempt`), `${path}.stampDuty.exempt`) },
  };
  checkPolicy(r, policy, path);
  return policy;
}

function checkPolicy(r: JsonReader, policy: TransferTaxPolicy, path: string): void {
  if (policy.effectiveUntil !== null && policy.effectiveUntil <= policy.effectiveFrom) {
    r.problem(`${path}: effectiveUntil must be after effectiveFrom`);
  }
  for (const home of HOMES) {
    for (const area of ['up-to-threshold', 'above-threshold'] as const) {
      const matches = policy.deedTax.brackets.filter(
        (b) => b.buyerFamilyHome === home && (b.area === 'any' || b.area === area),
      ).length;
      if (matches !== 1) r.problem(`${path}.deedTax: ${matches} brackets match ${home} home, area ${area}; need exactly 1`);
    }
  }
  const ids = policyLines(policy).map((line) => line.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) r.problem(`${path}: line id ${id} is used twice`);
}

function checkVersions(r: JsonReader, versions: readonly TransferTaxPolicy[]): void {
  const names = versions.map((v) => v.version);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) r.problem(`$.versions: version ${name} is listed twice`);
  const byStart = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (let i = 0; i + 1 < byStart.length; i++) {
    const until = byStart[i].effectiveUntil;
    if (until === null || until > byStart[i + 1].effectiveFrom) {
      r.problem(`$.versions: ${byStart[i].version} overlaps ${byStart[i + 1].version}`);
    }
  }
}

type JsonObject = Readonly<Record<string, unknown>>;

class JsonReader {
  private readonly problems: string[] = [];

  problem(message: string): void {
    this.problems.push(message);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new Error(`invalid transfer-tax policy table:\n${this.problems.join('\n')}`);
  }

  object(value: unknown, path: string): JsonObject {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonObject;
    this.problem(`${path}: must be an object`);
    return {};
  }

  array(value: unknown, path: string): readonly unknown[] {
    if (Array.isArray(value)) return value;
    this.problem(`${path}: must be an array`);
    return [];
  }

  string(o: JsonObject, key: string, path: string): string {
    const value = o[key];
    if (typeof value === 'string' && value.length > 0) return value;
    this.problem(`${path}.${key}: must be a non-empty string`);
    return '';
  }

  boolean(o: JsonObject, key: string, path: string): boolean {
    const value = o[key];
    if (typeof value === 'boolean') return value;
    this.problem(`${path}.${key}: must be true or false`);
    return false;
  }

  positiveInteger(o: JsonObject, key: string, path: string): number {
    const value = o[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.problem(`${path}.${key}: must be a positive integer`);
    return 0;
  }

  date(o: JsonObject, key: string, path: string): string {
    const value = this.string(o, key, path);
    if (value && !isIsoDate(value)) this.problem(`${path}.${key}: must be a YYYY-MM-DD date`);
    return value;
  }

  rate(o: JsonObject, key: string, path: string): string {
    const value = this.string(o, key, path);
    if (value && !parseDecimal(value)) this.problem(`${path}.${key}: must be a decimal string such as "0.015"`);
    return value;
  }

  area(o: JsonObject, key: string, path: string): string {
    const value = this.string(o, key, path);
    if (value && toScaledInteger(value, 2) === null) this.problem(`${path}.${key}: must be a decimal with at most 2 places`);
    return value;
  }

  oneOf<T extends string>(o: JsonObject, key: string, allowed: readonly T[], path: string): T {
    const value = o[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(`${path}.${key}: must be one of ${allowed.join(', ')}`);
    return allowed[0];
  }

  line(o: JsonObject, path: string): PolicyLine {
    return { id: this.string(o, 'id', path), source: this.string(o, 'source', path) };
  }

  ratedLine(o: JsonObject, path: string): RatedPolicyLine {
    return { ...this.line(o, path), rate: this.rate(o, 'rate', path) };
  }
}

/** The table shipped with the service. */
export const TRANSFER_TAX_POLICY_TABLE: TransferTaxPolicyTable = parseTransferTaxPolicyTable(rawPolicyTable);
