/** Service names: topic names, CloudEvents sources (`/gov/<name>`) and consumer groups derive from them. */
export const SERVICES = {
  realEstate: 'real-estate-registration',
  tax: 'tax',
  jointProcessing: 'joint-processing',
  supervision: 'supervision',
  businessRegistration: 'business-registration',
  healthLicensing: 'health-licensing',
  exitEntry: 'exit-entry',
} as const;

export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES];

/** Department codes used on clerk tokens and in the item catalog. */
export const DEPARTMENTS = {
  realEstate: 'real-estate',
  tax: 'tax',
  jointProcessing: 'joint-window',
  healthCommission: 'health',
  marketRegulation: 'market-regulation',
  exitEntry: 'exit-entry',
} as const;
