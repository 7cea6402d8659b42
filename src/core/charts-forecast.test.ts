import { describe, expect, it } from 'vitest';
import { forecastChartSvg } from './charts.ts';

describe('forecast chart', () => {
  const svg = forecastChartSvg({
    id: 'chart-test',
    title: 'Children looked after',
    description: 'What happened, then the forecast.',
    yAxisLabel: 'Children',
    history: [
      { monthEnd: '2026-08-31', value: 100 },
      { monthEnd: '2026-09-30', value: 104 },
    ],
    forecast: [
      { monthEnd: '2026-10-31', expected: 106, low: 98, high: 114 },
      { monthEnd: '2026-11-30', expected: 108, low: 95, high: 121 },
    ],
    scenarios: [{ name: 'Edge <of> care', values: [103, 101] }],
  });

  it('is an accessible image with a title, description and key, names escaped', () => {
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="chart-test-title chart-test-desc"');
    expect(svg).toContain('<title id="chart-test-title">Children looked after</title>');
    for (const label of ['What happened', 'Forecast', 'Prediction interval']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('Edge &#60;of&#62; care');
    expect(svg).not.toContain('<of>');
  });

  it('draws the interval as one shaded shape and a line for each of history, forecast and scenario', () => {
    expect(svg.match(/fill="#d2e2f1" stroke="none"/g)).toHaveLength(1);
    expect(svg.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="8 4"');
    expect(svg).not.toMatch(/style=/);
  });
});
