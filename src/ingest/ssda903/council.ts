/**
 * The council a return belongs to, for the SSDA903 rules comparing a placement's area with the
 * council's own (1015, 411): its DfE local authority code, as Council settings store it (`la_code`)
 * and `--la-code` gives it, and the ONS code a 903 return writes for that area in PL_LA. The list of
 * councils is the one the benchmarks ship, loaded only when a code is given.
 */
export interface Council903 {
  laCode: string;
  onsCode: string;
}

/** The council with this DfE code (e.g. 937), or null when no English council has it. */
export async function council903(laCode: string): Promise<Council903 | null> {
  const code = laCode.trim();
  const { councilOf } = await import('../../indicators/benchmarks/index.ts');
  const council = /^\d{3}$/.test(code) ? councilOf(code) : undefined;
  return council ? { laCode: code, onsCode: council.ons_code } : null;
}
