import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);
export const SRC_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const GOVUK_DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/**
 * Templates are named from `src/`, e.g. `caseloads/views/index.njk`, so the page's template sits
 * with its capability; GOV.UK Frontend's macros resolve as `govuk/components/...`.
 */
export function createViews(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([SRC_DIR, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addFilter('number', (value: unknown, digits = 0) =>
    typeof value === 'number' && Number.isFinite(value)
      ? value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })
      : '–',
  );
  env.addFilter('percent', (value: unknown, digits = 1) =>
    typeof value === 'number' && Number.isFinite(value)
      ? `${value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`
      : '–',
  );
  env.addFilter('longDate', (value: unknown) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
    const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  });
  return env;
}
