import { allows, type Permission } from '../auth/access.ts';
import type { SessionUser } from '../auth/sessions.ts';

/** The service navigation: each link shows only to roles whose permission allows its page. */
const LINKS: ReadonlyArray<{ href: string; text: string; permission: Permission }> = [
  { href: '/', text: 'Home', permission: 'session.use' },
  { href: '/indicators', text: 'Performance', permission: 'indicators.view' },
  { href: '/disabled-children', text: 'Disabled children', permission: 'disabled.view' },
  { href: '/caseloads', text: 'Caseloads', permission: 'caseloads.view' },
  { href: '/workforce', text: 'Workforce', permission: 'workforce.view' },
  { href: '/workforce/establishment', text: 'Establishment', permission: 'workforce.manage' },
  { href: '/forecast', text: 'Demand forecast', permission: 'forecast.view' },
  { href: '/my-work', text: 'My work', permission: 'mywork.view' },
  { href: '/my-children', text: 'My children', permission: 'children.own' },
  { href: '/inspections', text: 'Inspections', permission: 'inspections.view' },
  { href: '/improvement', text: 'Improvement plan', permission: 'improvement.view' },
  { href: '/reports', text: 'Reports', permission: 'reports.read' },
  { href: '/casework-audits', text: 'Casework audits', permission: 'audits.results' },
  { href: '/imports', text: 'Imports', permission: 'imports.manage' },
  { href: '/exports', text: 'Exports', permission: 'exports.run' },
  { href: '/audit', text: 'Audit trail', permission: 'audit.review' },
  { href: '/admin/users', text: 'Accounts', permission: 'users.manage' },
  { href: '/admin/local-codes', text: 'Local codes', permission: 'local_codes.manage' },
  { href: '/admin/settings', text: 'Council settings', permission: 'settings.manage' },
  { href: '/account', text: 'Your account', permission: 'session.use' },
];

export function navigationFor(user: SessionUser | undefined, currentPath: string) {
  if (!user) return [];
  return LINKS.filter((link) => allows(link.permission, user.roles)).map((link) => ({
    href: link.href,
    text: link.text,
    active: link.href === '/' ? currentPath === '/' : currentPath.startsWith(link.href),
  }));
}
