import { describe, expect, it } from 'vitest';
import { createViews } from '../http/views.ts';

// The shared macros (src/core/views/macros) rendered on fixtures through the app's own Nunjucks
// environment, as GOV.UK Frontend tests its components.
const views = createViews();
const IMPORTS = `{% from "core/views/macros/table.njk" import ksTable, ksTag %}{% from "core/views/macros/figure.njk" import ksFigure %}{% from "core/views/macros/date-input.njk" import ksDateInput %}{% from "govuk/components/table/macro.njk" import govukTable %}`;
const render = (call: string, context: Record<string, unknown>) => views.renderString(`${IMPORTS}${call}`, context);
const table = (params: Record<string, unknown>) => render('{{ ksTable(params) }}', { params });
const XSS = '<script>alert("x")</script>&';
const XSS_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;';
/** Markup with the white space between tags and inside class lists taken out. */
const squash = (html: string) =>
  html
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .replace(/ ?class="\s*([^"]*?)\s*"/g, (_, c: string) => ` class="${c.replace(/\s+/g, ' ')}"`)
    .replace(/>\s+|\s+</g, (m) => m.trim())
    .trim();

describe('ksTable', () => {
  it('writes what govukTable writes for govukTable’s own parameters', () => {
    const params = {
      caption: 'Children by team',
      captionClasses: 'govuk-table__caption--m',
      classes: 'ks-extra',
      firstCellIsHeader: true,
      head: [{ text: 'Team' }, { text: 'Children', format: 'numeric', classes: 'ks-num' }],
      rows: [
        [{ text: 'North' }, { text: '12', format: 'numeric' }],
        [{ html: '<a class="govuk-link" href="/teams/s">South</a>' }, { text: '0', format: 'numeric', colspan: 1 }],
      ],
    };
    expect(squash(table(params))).toBe(squash(render('{{ govukTable(params) }}', { params })));
  });

  it('captions the table, scopes its headers and marks numeric columns', () => {
    const html = table({
      id: 'by-team',
      caption: '3 teams',
      head: ['Team', { text: 'Cases', format: 'numeric' }, { text: 'Share', format: 'numeric' }],
      rows: [
        ['North', 12, '40.0%'],
        ['South', { text: 7, classes: 'ks-over' }, { text: '–', format: '' }],
      ],
      firstCellIsHeader: true,
      numericClasses: 'ks-num',
    });
    expect(html).toMatch(/^<table class="govuk-table" id="by-team">/);
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--s">3 teams</caption>');
    expect(html).toContain(
      '<th scope="col" class="govuk-table__header">Team</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Cases</th>',
    );
    // Each cell takes its column's format; the row header does not become a numeric cell.
    expect(html).toContain(
      '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">North</th><td class="govuk-table__cell govuk-table__cell--numeric ks-num">12</td><td class="govuk-table__cell govuk-table__cell--numeric ks-num">40.0%</td></tr>',
    );
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric ks-num ks-over">7</td><td class="govuk-table__cell">–</td>');
    expect(html.match(/scope="col"/g)).toHaveLength(3);
    expect(html.match(/scope="row"/g)).toHaveLength(2);
  });

  it('leaves a column format off a row whose cells span columns', () => {
    const html = table({ head: ['A', { text: 'B', format: 'numeric' }], rows: [[{ text: 'across', colspan: 2 }], ['x', 1]] });
    expect(html).toContain('<td class="govuk-table__cell" colspan="2">across</td>');
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">1</td>');
  });

  it('shows no data as a dash or the words given, and 0 as 0', () => {
    const html = table({ head: ['A', 'B', 'C', 'D', 'E'], rows: [[null, undefined, '', 0, { text: null, missing: 'Not recorded' }]] });
    expect(html).toContain(
      '<td class="govuk-table__cell">–</td><td class="govuk-table__cell">–</td><td class="govuk-table__cell">–</td><td class="govuk-table__cell">0</td><td class="govuk-table__cell">Not recorded</td>',
    );
    expect(table({ head: ['A'], rows: [[null]], missing: 'No data' })).toContain('<td class="govuk-table__cell">No data</td>');
  });

  it('says so across every column when there are no rows', () => {
    const html = table({ head: ['Date', 'Event', 'Shown on'], rows: [], empty: 'No events yet.' });
    expect(html).toContain(
      '<tbody class="govuk-table__body">\n<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="3">No events yet.</td></tr>\n</tbody>',
    );
    expect(table({ head: ['A'], rows: [], empty: 'None', emptyColspan: 4 })).toContain('colspan="4">None</td>');
    expect(table({ head: ['A'], rows: [] })).not.toContain('<tr class="govuk-table__row"><td');
  });

  it('links a cell, marks a row header in any column and marks rows', () => {
    const html = table({
      head: ['Name', 'Team'],
      rows: [
        {
          id: 'row-1',
          classes: 'ks-report__total',
          attributes: { 'data-total': true, hidden: false },
          cells: [
            { text: 'Alex', href: '/children/record?ref=a&b' },
            { text: 'North', header: true, attributes: { 'data-value': true, title: 'The team' } },
          ],
        },
      ],
    });
    expect(html).toContain('<tr class="govuk-table__row ks-report__total" id="row-1" data-total>');
    expect(html).toContain('<td class="govuk-table__cell"><a class="govuk-link" href="/children/record?ref=a&amp;b">Alex</a></td>');
    expect(html).toContain('<th scope="row" class="govuk-table__header" data-value title="The team">North</th>');
    expect(html).not.toContain('hidden');
  });

  it('escapes every value it is given as text, and writes html as it is', () => {
    const html = table({
      id: XSS,
      caption: XSS,
      head: [XSS, { text: XSS, classes: XSS }],
      rows: [
        [{ text: XSS, href: `javascript:${XSS}`, attributes: { title: XSS } }, XSS],
        [{ html: '<strong class="govuk-tag">Kept</strong>' }, 'x'],
      ],
      empty: XSS,
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('"x")');
    expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--s">${XSS_ESCAPED}</caption>`);
    expect(html).toContain(`<th scope="col" class="govuk-table__header">${XSS_ESCAPED}</th>`);
    expect(html).toContain(`title="${XSS_ESCAPED}"`);
    expect(html).toContain(`<a class="govuk-link" href="javascript:${XSS_ESCAPED}">${XSS_ESCAPED}</a>`);
    expect(html).toContain('<td class="govuk-table__cell"><strong class="govuk-tag">Kept</strong></td>');
    expect(table({ head: ['A'], rows: [], empty: XSS })).toContain(`colspan="1">${XSS_ESCAPED}</td>`);
    expect(render('{{ ksTag(text, classes) }}', { text: XSS, classes: 'govuk-tag--red' })).toBe(
      `<strong class="govuk-tag govuk-tag--red">${XSS_ESCAPED}</strong>`,
    );
  });

  it('escapes values a template captured in a block only once', () => {
    const html = render('{% set cell %}<code>{{ value }}</code>{% endset %}{{ ksTable({ head: ["Value"], rows: [[{ html: cell }]], captionHtml: cell }) }}', {
      value: XSS,
    });
    expect(html).toContain(`<td class="govuk-table__cell"><code>${XSS_ESCAPED}</code></td>`);
    expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--s"><code>${XSS_ESCAPED}</code></caption>`);
  });

  it('hides a caption from sight but not from screen readers', () => {
    expect(table({ caption: 'Your audits', captionClasses: 'govuk-visually-hidden', head: ['A'], rows: [] })).toContain(
      '<caption class="govuk-table__caption govuk-visually-hidden">Your audits</caption>',
    );
    expect(table({ caption: 'Plain', captionClasses: '', head: ['A'], rows: [] })).toContain('<caption class="govuk-table__caption">Plain</caption>');
  });
});

describe('ksFigure', () => {
  const chart = '<svg class="ks-chart" role="img" aria-labelledby="c-title"><title id="c-title">Trend</title></svg>';
  const params = {
    head: ['Month', { text: 'Value', format: 'numeric' }],
    rows: [['31 March 2024', '12.5%']],
    caption: `Values ${XSS}`,
    firstCellIsHeader: true,
  };

  it('puts the chart in a figure and its table in details', () => {
    const html = render('{{ ksFigure(params) }}', {
      params: { chart, captionHtml: '', caption: XSS, tableSummary: 'Show the figures as a table', table: params },
    });
    expect(html.startsWith(`<figure class="ks-figure">${chart}<figcaption class="govuk-body-s">${XSS_ESCAPED}</figcaption></figure>`)).toBe(true);
    expect(html).toMatch(
      /<details class="govuk-details"[^>]*>\s*<summary class="govuk-details__summary">\s*<span class="govuk-details__summary-text">\s*Show the figures as a table\s*<\/span>/,
    );
    expect(html).toContain(`<caption class="govuk-table__caption govuk-table__caption--s">Values ${XSS_ESCAPED}</caption>`);
    expect(html).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">12.5%</td>');
    expect(html.indexOf('<figure')).toBeLessThan(html.indexOf('<details'));
  });

  it('shows the table after the chart without details, and no figure without a chart', () => {
    const open = render('{{ ksFigure(params) }}', { params: { chart, classes: 'ks-report__chart', id: 'f1', table: params } });
    expect(open).toMatch(/^<figure class="ks-figure ks-report__chart" id="f1">/);
    expect(open).not.toContain('<figcaption');
    expect(open).not.toContain('<details');
    expect(open).toContain('</figure><table class="govuk-table">');
    const noChart = render('{{ ksFigure(params) }}', { params: { chart: null, table: params } });
    expect(noChart).not.toContain('<figure');
    expect(noChart).toMatch(/^<table class="govuk-table">/);
  });
});

describe('ksDateInput', () => {
  it('asks for day, month and year with the fields named from the id', () => {
    const html = squash(
      render('{{ ksDateInput(params) }}', {
        params: { id: 'due', legend: 'Due date', hint: 'For example, 27 3 2025', value: { day: '27', month: '3', year: XSS } },
      }),
    );
    expect(html).toContain('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Due date</legend>');
    expect(html).toContain('<div id="due-hint" class="govuk-hint">For example, 27 3 2025</div>');
    expect(html).toMatch(
      /<input class="govuk-input govuk-date-input__input govuk-input--width-2" id="due-day" name="due-day" type="text" value="27" inputmode="numeric">/,
    );
    expect(html).toContain('name="due-month"');
    expect(html).toContain(`id="due-year" name="due-year" type="text" value="${XSS_ESCAPED}"`);
    expect(html).not.toContain('govuk-input--error');
    expect(html).not.toContain('govuk-error-message');
  });

  it('marks the parts in error, or every part when none is named', () => {
    const some = squash(
      render('{{ ksDateInput(params) }}', {
        params: {
          id: 'date',
          legend: 'Position on',
          legendClasses: 'govuk-fieldset__legend--m',
          errorMessage: { text: 'Date must include a month' },
          errorParts: ['month'],
          value: {},
        },
      }),
    );
    expect(some).toContain('govuk-fieldset__legend--m');
    expect(some).toMatch(/<p id="date-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:<\/span>\s*Date must include a month<\/p>/);
    expect(some).toContain('class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="date-month"');
    expect(some).toContain('class="govuk-input govuk-date-input__input govuk-input--width-2" id="date-day"');
    const all = squash(render('{{ ksDateInput(params) }}', { params: { id: 'from', legend: 'From', errorMessage: { text: 'Enter a date' }, value: {} } }));
    expect(all.match(/govuk-input--error/g)).toHaveLength(3);
  });

  it('takes items made by the route, and field names without a prefix', () => {
    const items = [
      { name: 'day', label: 'Day', classes: 'govuk-input--width-2', value: '1' },
      { name: 'month', label: 'Month', classes: 'govuk-input--width-2', value: '4' },
      { name: 'year', label: 'Year', classes: 'govuk-input--width-4', value: '2024' },
    ];
    const html = squash(render('{{ ksDateInput(params) }}', { params: { id: 'date', namePrefix: '', legend: 'Date', items } }));
    expect(html).toContain('id="date-day" name="day" type="text" value="1"');
    expect(html).toContain('id="date-year" name="year" type="text" value="2024"');
  });
});

describe('ordinal', () => {
  it('writes 1st, 2nd, 3rd, 11th to 13th, 21st, 262nd and 1,001st', () => {
    const ordinals = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 262, 1001].map((n) => views.renderString('{{ n | ordinal }}', { n }));
    expect(ordinals).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th', '262nd', '1,001st']);
  });

  it('names the audit trail’s checkpoint event as the 262nd, not the 262th', () => {
    const page = views.render('audit/views/trail.njk', { chain: { intact: true, events: 262, checkpoint: { eventId: 262, position: 262 } } });
    expect(page).toContain('(event 262, the 262nd)');
  });
});

describe('londonTime', () => {
  const londonTime = (value: unknown) => views.renderString('{{ value | londonTime }}', { value });
  const utc = (month: number, day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, month - 1, day, hour, minute));
  it('reads a moment on the clock in England, GOV.UK style: GMT in winter, BST (UTC + 1) in summer, whatever offset it was written with', () => {
    expect(londonTime('2026-12-07 23:05:41.123+00')).toBe('7 December 2026 at 11:05pm');
    expect(londonTime('2026-07-07 23:16:52.469+00')).toBe('8 July 2026 at 12:16am');
    expect(londonTime('2026-07-07T23:16:52.469Z')).toBe('8 July 2026 at 12:16am');
    expect(londonTime('2026-07-08 00:16:52+01')).toBe('8 July 2026 at 12:16am');
    expect(londonTime('2026-07-08T00:16:52+01:00')).toBe('8 July 2026 at 12:16am');
    // On the hour: no minutes; 12 o'clock is midday or midnight.
    expect(londonTime(utc(12, 7, 11))).toBe('7 December 2026 at 11am');
    expect(londonTime(utc(12, 7, 12))).toBe('7 December 2026 at midday');
    expect(londonTime(utc(12, 7, 12, 30))).toBe('7 December 2026 at 12:30pm');
    expect(londonTime(utc(12, 8, 0))).toBe('8 December 2026 at midnight');
    expect(londonTime(utc(6, 1, 11))).toBe('1 June 2026 at midday'); // 11:00 UTC is 12:00 BST
  });

  it('follows the clocks changing: forward at 1am GMT on 29 March 2026, back at 2am BST on 25 October 2026', () => {
    expect(londonTime(utc(3, 29, 0, 59))).toBe('29 March 2026 at 12:59am');
    expect(londonTime(utc(3, 29, 1))).toBe('29 March 2026 at 2am');
    expect(londonTime(utc(3, 28, 23, 30))).toBe('28 March 2026 at 11:30pm');
    expect(londonTime(utc(3, 29, 23, 30))).toBe('30 March 2026 at 12:30am');
    expect(londonTime(utc(10, 24, 23))).toBe('25 October 2026 at midnight');
    // 1:30am happens twice on 25 October: in BST (00:30 UTC), then in GMT (01:30 UTC).
    expect(londonTime(utc(10, 25, 0, 30))).toBe('25 October 2026 at 1:30am');
    expect(londonTime(utc(10, 25, 1, 30))).toBe('25 October 2026 at 1:30am');
    expect(londonTime(utc(10, 25, 23, 30))).toBe('25 October 2026 at 11:30pm');
  });

  it('leaves alone what is not a moment, and a time with no offset, which could be on any clock', () => {
    expect(londonTime('not a time')).toBe('not a time');
    expect(londonTime('2026-12-07 23:05')).toBe('2026-12-07 23:05');
    expect(londonTime('2026-12-07')).toBe('2026-12-07');
    expect(londonTime(null)).toBe('');
  });
});

describe('londonDate', () => {
  const londonDate = (value: unknown) => views.renderString('{{ value | londonDate }}', { value });
  it('prints a moment as its date on the clock in England: 23:30 UTC on a summer day is 00:30 BST the next day', () => {
    expect(londonDate('2026-07-14 23:30:00+00')).toBe('15 July 2026');
    expect(londonDate('2026-07-14T23:30:00.000Z')).toBe('15 July 2026');
    expect(londonDate(new Date(Date.UTC(2026, 6, 14, 23, 30)))).toBe('15 July 2026');
    expect(londonDate('2026-07-14 22:59:59+00')).toBe('14 July 2026');
    // In winter England keeps UTC.
    expect(londonDate('2026-12-07 23:30:00+00')).toBe('7 December 2026');
  });

  it('leaves alone what is not a moment', () => {
    expect(londonDate('2026-07-14')).toBe('2026-07-14');
    expect(londonDate(null)).toBe('');
  });
});
