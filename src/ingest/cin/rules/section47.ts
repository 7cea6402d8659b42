/** Rules on section 47 enquiries and initial child protection conferences (Section47, and the conference date on CINdetails). */
import type { CinGroup } from '../reader.ts';
import {
  acrossEpisodes,
  dateOf,
  enquiries,
  episodes,
  has,
  icpcNotRequired,
  isWeekend,
  moreThanOneOpen,
  rule,
  startsDuring,
  value,
  where,
  within,
  workingDaysBefore,
} from './rule.ts';

const eachEnquiry = (child: CinGroup) => episodes(child).flatMap((episode) => enquiries(episode).map((enquiry) => ({ episode, enquiry })));
const allEnquiries = (child: CinGroup) => acrossEpisodes(child, 'Section47');
const conference = (group: CinGroup) => dateOf(group, 'DateOfInitialCPC');
const started = (enquiry: CinGroup) => dateOf(enquiry, 'S47ActualStartDate');
/** Awaiting its initial conference: none held and one not ruled out. */
const awaitingConference = (enquiry: CinGroup) => !has(enquiry, 'DateOfInitialCPC') && !icpcNotRequired(enquiry);

export const rule_2889 = rule('2889', (child) =>
  eachEnquiry(child)
    .filter(({ episode, enquiry }) => (started(enquiry) ?? '9999') < (dateOf(episode, 'CINreferralDate') ?? ''))
    .map(({ enquiry }) => ({ group: enquiry, field: 'S47ActualStartDate' })),
);
export const rule_1104 = rule('1104', (child) =>
  eachEnquiry(child)
    .filter(({ episode, enquiry }) => (conference(enquiry) ?? '9999') < (dateOf(episode, 'CINreferralDate') ?? ''))
    .map(({ enquiry }) => ({ group: enquiry, field: 'DateOfInitialCPC' })),
);
export const rule_2884 = rule('2884', (child) =>
  eachEnquiry(child)
    .filter(({ episode, enquiry }) => !!conference(enquiry) && conference(enquiry) === conference(episode))
    .map(({ enquiry }) => ({ group: enquiry, field: 'DateOfInitialCPC' })),
);
export const rule_8615 = rule('8615', (child) =>
  where(allEnquiries(child), (enquiry) => !!conference(enquiry) && (!started(enquiry) || started(enquiry)! > conference(enquiry)!), 'S47ActualStartDate'),
);
export const rule_8715 = rule('8715', (child, period) =>
  where(allEnquiries(child), (enquiry) => has(enquiry, 'DateOfInitialCPC') && !within(conference(enquiry), period), 'DateOfInitialCPC'),
);
/** DfE (8675Q, 8740): no conference date and <ICPCnotRequired> false (a missing or unknown flag is not false). */
const conferenceDue = (enquiry: CinGroup) => !has(enquiry, 'DateOfInitialCPC') && value(enquiry, 'ICPCnotRequired') === '0';
export const rule_8740 = rule('8740', (child, period) =>
  where(
    allEnquiries(child),
    (enquiry) => conferenceDue(enquiry) && has(enquiry, 'S47ActualStartDate') && !within(started(enquiry), period),
    'S47ActualStartDate',
  ),
);
/** Still awaiting its conference at the reference date though started more than 15 working days before it. */
export const rule_8675Q = rule('8675Q', (child, period) =>
  where(allEnquiries(child), (enquiry) => conferenceDue(enquiry) && (started(enquiry) ?? '9999') < workingDaysBefore(period.end, 15), 'S47ActualStartDate'),
);
export const rule_8839 = rule('8839', (child) =>
  episodes(child).flatMap((episode) => moreThanOneOpen(enquiries(episode), awaitingConference, 'DateOfInitialCPC')),
);
/** No enquiry starts on or between the start and conference of another in the episode, or while another awaits its conference. */
export const rule_8890 = rule('8890', (child, period) =>
  episodes(child).flatMap((episode) => {
    const all = enquiries(episode);
    return where(
      all,
      (enquiry) =>
        all.some(
          (other) =>
            other !== enquiry &&
            startsDuring(started(enquiry), { start: started(other), end: conference(other), open: awaitingConference(other) }, period, true),
        ),
      'S47ActualStartDate',
    );
  }),
);
export const rule_8870Q = rule('8870Q', (child) => where(allEnquiries(child), (enquiry) => isWeekend(dateOf(enquiry, 'InitialCPCtarget')), 'InitialCPCtarget'));
/** The conference date is held on the enquiry or, without one, on the episode: neither may be a weekend. */
export const rule_8875 = rule('8875', (child) =>
  where([...episodes(child), ...allEnquiries(child)], (group) => isWeekend(conference(group)), 'DateOfInitialCPC'),
);
