/**
 * The rules comparing an episode's Ofsted URN with Ofsted's lists of registered providers (the DfE
 * validator's "URN lookup"), given beside the return (../ofsted.ts). They run only with the lists;
 * an episode without a URN, or with DfE's placeholder XXXXXXX, is not compared. A URN the lists do not
 * hold is 1008's finding alone: the others compare what the lists say of a URN they hold, and a list
 * that gives nothing for a column (no placement codes, no postcode…) is not taken to say the episode is wrong.
 */
import type { SourceRow } from '../../types.ts';
import type { OfstedProvider } from '../ofsted.ts';
import { codeYear, date, filled, rowsWhere, rule, v, type Hit, type Return903 } from './rule.ts';

/** DfE's placeholder for a placement whose URN is not known or not given. */
const NO_URN = 'XXXXXXX';
const urnOf = (row: SourceRow): string => v(row, 'URN').trim().toUpperCase();
const withUrn = (row: SourceRow): boolean => filled(row, 'URN') && urnOf(row) !== NO_URN && urnOf(row) !== '';

/** Hits for episodes with a URN the lists hold, for which `breaks` says the episode disagrees with the provider. */
function againstProvider(data: Return903, breaks: (row: SourceRow, provider: OfstedProvider) => boolean, field: string): Hit[] {
  const providers = data.providers!;
  return rowsWhere(
    data,
    'Episodes',
    (row) => {
      if (!withUrn(row)) return false;
      const provider = providers.get(urnOf(row));
      return !!provider && breaks(row, provider);
    },
    field,
  );
}

const OPTIONS = { needsProviders: true } as const;

/** If <URN> provided and not XXXXXXX, it must be on Ofsted's lists. */
export const rule_1008 = rule('1008', (data) => rowsWhere(data, 'Episodes', (row) => withUrn(row) && !data.providers!.has(urnOf(row)), 'URN'), OPTIONS);

/** If <URN> provided and not XXXXXXX, <PL> must be one of the placement codes Ofsted gives for the URN. */
export const rule_219 = rule(
  '219',
  (data) => againstProvider(data, (row, provider) => provider.placeCodes.size > 0 && !provider.placeCodes.has(v(row, 'PLACE').trim().toUpperCase()), 'PLACE'),
  OPTIONS,
);

/** The placements whose postcode 221 compares: DfE adds H5 for 2023/24, then K3 in its place from 2024/25. */
const placesWithProviderPostcode = (endYear: number): readonly string[] =>
  endYear >= 2025 ? ['K1', 'K2', 'K3', 'R3', 'S1'] : endYear === 2024 ? ['H5', 'K1', 'K2', 'R3', 'S1'] : ['K1', 'K2', 'R3', 'S1'];

/**
 * If <URN> provided and not XXXXXXX, <LS> not V3 or V4, <PL> one of the placements above and <PL_POST>
 * provided, <PL_POST> should be the provider's postcode (compared without spaces, in upper case).
 */
export const rule_221 = rule(
  '221',
  (data) => {
    const places = placesWithProviderPostcode(codeYear(data));
    return againstProvider(
      data,
      (row, provider) =>
        provider.postcodes.size > 0 &&
        !['V3', 'V4'].includes(v(row, 'LS')) &&
        places.includes(v(row, 'PLACE')) &&
        filled(row, 'PL_POST') &&
        !provider.postcodes.has(v(row, 'PL_POST').replace(/\s+/g, '').toUpperCase()),
      'PL_POST',
    );
  },
  OPTIONS,
);

/** If <URN> provided and not XXXXXXX, <PLACE_PROVIDER> must be one of the placement provider codes Ofsted gives for the URN. */
export const rule_224 = rule(
  '224',
  (data) =>
    againstProvider(
      data,
      (row, provider) => provider.providerCodes.size > 0 && !provider.providerCodes.has(v(row, 'PLACE_PROVIDER').trim().toUpperCase()),
      'PLACE_PROVIDER',
    ),
  OPTIONS,
);

/** If <URN> provided and not XXXXXXX, and Ofsted gives the provider's end of registration, <DECOM> must be before it. */
export const rule_227 = rule(
  '227',
  (data) =>
    againstProvider(
      data,
      (row, provider) => {
        const start = date(row, 'DECOM');
        return typeof provider.closed === 'string' && start !== null && start >= provider.closed;
      },
      'DECOM',
    ),
  OPTIONS,
);

/**
 * If <URN> provided and not XXXXXXX, and Ofsted gives the provider's end of registration, <DEC> if
 * provided must be on or before it; an open episode must end the collection year (31 March) by then.
 */
export const rule_228 = rule(
  '228',
  (data) =>
    againstProvider(
      data,
      (row, provider) => {
        if (typeof provider.closed !== 'string') return false;
        if (!filled(row, 'DEC')) return data.year.end > provider.closed;
        const end = date(row, 'DEC');
        return end !== null && end > provider.closed;
      },
      'DEC',
    ),
  OPTIONS,
);

/**
 * If <URN> provided and not XXXXXXX: a placement with the council's own provision (PLACE_PROVIDER PR1)
 * must be with a provider of the council's local authority, and one with another council's (PR2) with
 * a provider of another. The provider's local authority is the one the list names for it (a name no
 * English council has is not compared).
 */
export const rule_229 = rule(
  '229',
  (data) => {
    const council = data.council!.laCode;
    return againstProvider(
      data,
      (row, provider) => {
        if (provider.councils.size === 0) return false;
        const provision = v(row, 'PLACE_PROVIDER');
        return (provision === 'PR1' && !provider.councils.has(council)) || (provision === 'PR2' && provider.councils.has(council));
      },
      'PLACE_PROVIDER',
    );
  },
  { ...OPTIONS, needsCouncil: true },
);
