/**
 * Test data for the tax service. The identity numbers carry valid check
 * characters (GB 11643, GB 32100) and are made up.
 */
export const residentIds = {
  seller: '50010219800101001X',
  sellerSpouse: '500102198503150020',
  buyer: '500102199007200038',
  buyerSpouse: '500102197511110040',
  other: '50010219921231005X',
} as const;

export const creditCodes = {
  company: '91500102MA5U000012',
  individualBusiness: '92500102MA5U000022',
} as const;
