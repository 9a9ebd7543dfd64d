import { RuleViolation, ValidationError, type FieldIssue } from '@gov/event-sourcing';
import { applyRate, divideRoundHalfUp, parseDecimal, toSafeNumber, toScaledInteger, type Fraction } from '../shared/decimal';
import {
  deedTaxBracketFor,
  isPolicyEffectiveOn,
  policyLineRef,
  type BuyerFamilyHome,
  type PolicyLine,
  type PolicyLineRef,
  type RatedPolicyLine,
  type TaxKind,
  type TaxPayer,
  type TransferTaxPolicy,
} from './transfer-tax.policy';
import { fullYearsBetween, isIsoDate, isFen, isPositiveFen } from '@gov/service-standards';

/*
 * Rounding: every line is rounded half up to the fen on its own; surcharges
 * are levied on the already rounded VAT; totals add the rounded lines.
 */

/** The unit's assessed reference price: a total, or a price per m² times the area. */
export type ReferencePrice =
  | { readonly kind: 'total'; readonly totalFen: number }
  | { readonly kind: 'per-m2'; readonly fenPerM2: number };

export interface HouseTransferTaxInput {
  readonly contractPriceFen: number;
  readonly referencePrice: ReferencePrice;
  /** Floor area in m², a decimal string with at most 2 places ("89.99"), as on the certificate. */
  readonly areaM2: string;
  readonly buyerFamilyHome: BuyerFamilyHome;
  /** `YYYY-MM-DD`: the seller's acquisition (certificate or deed-tax receipt) date. */
  readonly sellerAcquiredOn: string;
  /** `YYYY-MM-DD`: the sale contract date; the holding period ends and the policy is chosen here. */
  readonly contractDate: string;
  /** The seller family's only home (家庭唯一生活用房). */
  readonly sellerOnlyHome: boolean;
  /** null when the seller cannot prove the original cost. */
  readonly originalCostFen: number | null;
}

export interface AssessedTaxLine {
  readonly tax: TaxKind;
  readonly payer: TaxPayer;
  readonly baseFen: number;
  /** Decimal string; "0" on an exempt line. */
  readonly rate: string;
  /** Only on VAT: the price includes VAT, so amount = base × rate ÷ divisor. */
  readonly divisor?: string;
  readonly amountFen: number;
  readonly policyLine: PolicyLineRef;
}

export interface TaxTotals {
  readonly sellerFen: number;
  readonly buyerFen: number;
  readonly totalFen: number;
}

export interface HouseTransferTaxAssessment {
  readonly policyVersion: string;
  readonly referencePriceFen: number;
  /** max(contract price, reference price). */
  readonly taxableBaseFen: number;
  readonly taxableBaseSource: 'contract-price' | 'reference-price';
  readonly sellerHeldFullYears: number;
  readonly lines: readonly AssessedTaxLine[];
  readonly totals: TaxTotals;
}

const BUYER_FAMILY_HOMES: readonly BuyerFamilyHome[] = ['first', 'second', 'other'];

/** Every malformed field of the input, names prefixed (e.g. `input.`) for the caller's command shape. */
export function houseTransferTaxInputIssues(input: HouseTransferTaxInput, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const check = (ok: boolean, field: string, message: string): void => {
    if (!ok) issues.push({ field: prefix + field, message });
  };
  check(isPositiveFen(input.contractPriceFen), 'contractPriceFen', 'must be a positive integer amount in fen');
  const reference = input.referencePrice;
  if (reference?.kind === 'total') {
    check(isPositiveFen(reference.totalFen), 'referencePrice.totalFen', 'must be a positive integer amount in fen');
  } else if (reference?.kind === 'per-m2') {
    check(isPositiveFen(reference.fenPerM2), 'referencePrice.fenPerM2', 'must be a positive integer amount in fen per m²');
  } else {
    check(false, 'referencePrice', 'must be a total or a price per m²');
  }
  const area = typeof input.areaM2 === 'string' ? toScaledInteger(input.areaM2, 2) : null;
  check(area !== null && area > 0, 'areaM2', 'must be a positive decimal with at most 2 places, e.g. "89.99"');
  check(BUYER_FAMILY_HOMES.includes(input.buyerFamilyHome), 'buyerFamilyHome', 'must be first, second or other');
  check(isIsoDate(input.sellerAcquiredOn), 'sellerAcquiredOn', 'must be a YYYY-MM-DD date');
  check(isIsoDate(input.contractDate), 'contractDate', 'must be a YYYY-MM-DD date');
  if (isIsoDate(input.sellerAcquiredOn) && isIsoDate(input.contractDate)) {
    check(input.sellerAcquiredOn <= input.contractDate, 'sellerAcquiredOn', 'must not be after the contract date');
  }
  check(typeof input.sellerOnlyHome === 'boolean', 'sellerOnlyHome', 'must be true or false');
  check(
    input.originalCostFen === null || isFen(input.originalCostFen),
    'originalCostFen',
    'must be an integer amount in fen, or null when it cannot be proven',
  );
  return issues;
}

/**
 * Itemised house-transfer taxes under one policy version. Pure: the caller
 * picks the version (see transferTaxPolicyOn) and looks up the reference price.
 * @throws ValidationError for malformed input, RuleViolation when the
 * version is not in force on the contract date.
 */
export function assessHouseTransfer(input: HouseTransferTaxInput, policy: TransferTaxPolicy): HouseTransferTaxAssessment {
  const issues = houseTransferTaxInputIssues(input);
  if (issues.length > 0) throw new ValidationError(issues);
  if (!isPolicyEffectiveOn(policy, input.contractDate)) {
    throw new RuleViolation(
      'policy-not-effective',
      `policy version ${policy.version} is not in force on the contract date ${input.contractDate}`,
      { policyVersion: policy.version, contractDate: input.contractDate },
    );
  }

  const areaHundredths = toScaledInteger(input.areaM2, 2) as number;
  const referencePriceFen =
    input.referencePrice.kind === 'total'
      ? input.referencePrice.totalFen
      : toSafeNumber(divideRoundHalfUp(BigInt(input.referencePrice.fenPerM2) * BigInt(areaHundredths), 100n));
  // The declared price counts, but never below the assessed reference price.
  const underReference = input.contractPriceFen < referencePriceFen;
  const baseFen = underReference ? referencePriceFen : input.contractPriceFen;
  const heldYears = fullYearsBetween(input.sellerAcquiredOn, input.contractDate);

  const rated = (tax: TaxKind, payer: TaxPayer, base: number, line: RatedPolicyLine, divisor?: string): AssessedTaxLine => ({
    tax,
    payer,
    baseFen: base,
    rate: line.rate,
    ...(divisor === undefined ? {} : { divisor }),
    amountFen: applyRate(base, fraction(line.rate), divisor === undefined ? undefined : fraction(divisor)),
    policyLine: policyLineRef(policy, line),
  });
  const exempt = (tax: TaxKind, payer: TaxPayer, line: PolicyLine): AssessedTaxLine => ({
    tax,
    payer,
    baseFen,
    rate: '0',
    amountFen: 0,
    policyLine: policyLineRef(policy, line),
  });

  const lines: AssessedTaxLine[] = [];
  lines.push(rated('deed-tax', 'buyer', baseFen, deedTaxBracketFor(policy, input.buyerFamilyHome, areaHundredths)));

  const vat = policy.valueAddedTax;
  if (heldYears >= vat.exemptWhenHeldYears) {
    lines.push(exempt('value-added-tax', 'seller', vat.exempt));
  } else {
    const vatLine = rated('value-added-tax', 'seller', baseFen, vat.taxed, vat.taxed.divisor);
    lines.push(vatLine);
    for (const surcharge of policy.surcharges) lines.push(rated(surcharge.tax, 'seller', vatLine.amountFen, surcharge));
  }

  const iit = policy.individualIncomeTax;
  if (heldYears >= iit.exemptWhenHeldYears && (input.sellerOnlyHome || !iit.exemptOnlyForOnlyFamilyHome)) {
    lines.push(exempt('individual-income-tax', 'seller', iit.exempt));
  } else if (input.originalCostFen !== null) {
    // A sale at a loss has no gain to tax.
    lines.push(rated('individual-income-tax', 'seller', Math.max(baseFen - input.originalCostFen, 0), iit.onGain));
  } else {
    lines.push(rated('individual-income-tax', 'seller', baseFen, iit.onPriceWhenCostUnproven));
  }

  lines.push(exempt('stamp-duty', 'seller', policy.stampDuty.exempt));
  lines.push(exempt('stamp-duty', 'buyer', policy.stampDuty.exempt));

  const sum = (payer: TaxPayer): number =>
    lines.filter((line) => line.payer === payer).reduce((total, line) => total + line.amountFen, 0);
  const sellerFen = sum('seller');
  const buyerFen = sum('buyer');
  return {
    policyVersion: policy.version,
    referencePriceFen,
    taxableBaseFen: baseFen,
    taxableBaseSource: underReference ? 'reference-price' : 'contract-price',
    sellerHeldFullYears: heldYears,
    lines,
    totals: { sellerFen, buyerFen, totalFen: sellerFen + buyerFen },
  };
}

function fraction(decimal: string): Fraction {
  const parsed = parseDecimal(decimal);
  // The policy table was checked when it was loaded.
  if (!parsed) throw new Error(`policy rate ${decimal} is not a decimal`);
  return parsed;
}
