/**
 * Issue 14: `keystone --help` must answer at once, so the CLI imports each capability only when a
 * command runs. A load hook records every module the process loaded (no timing assertion).
 */
import { describe, expect, it } from 'vitest';
import { HEAVY_PACKAGES, runRecordingLoads } from '../../test/support/loaded-modules.ts';

describe('keystone --help', () => {
  it('lists the commands without loading PDF, spreadsheet, Word, web server or database modules', () => {
    const help = runRecordingLoads(['--help']);
    expect(help.code).toBe(0);
    expect(help.recorded).toBe(true);
    for (const command of ['start', 'import', 'export', 'report', 'ofsted']) expect(help.stdout).toContain(command);
    expect([...help.packages].filter((name) => HEAVY_PACKAGES.includes(name))).toEqual([]);
    // Keystone's own modules: the CLI, its configuration and two small tables, nothing from a capability.
    expect(help.urls.filter((url) => url.startsWith('file:') && !url.includes('/src/cli/') && !url.includes('/src/core/'))).toEqual([]);
  });

  it('a command’s help names its arguments, loading that command’s module only', () => {
    const help = runRecordingLoads(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: keystone report <template: [a-z-]+ \|/);
    expect(help.packages.has('pdfjs-dist')).toBe(false);
    expect(help.packages.has('fastify')).toBe(false);
  });
});
