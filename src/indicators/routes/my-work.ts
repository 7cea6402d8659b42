/** A social worker's "my work" (/my-work): their allocated children's visits and reviews overdue or coming due, audited. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { accessToChildren } from '../../core/children/access.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { dataAsOf } from '../period.ts';
import { fillCalendar } from '../calendar.ts';
import { readIndicatorSettings } from '../settings.ts';
import { COMING_DUE_WORKING_DAYS, myWork } from '../my-work.ts';

export function myWorkRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/my-work', { config: { access: { permission: 'mywork.view' } } }, async (request, reply) => {
    await fillCalendar(database);
    const user = request.user!;
    // The same date as My children and the dashboards: the data period's month end.
    const asOf = await dataAsOf(database);
    if (!user.professionalId) {
      return reply.render('indicators/views/my-work.njk', { title: 'My work', asOf, noRecord: true });
    }
    const children = await myWork(database, user.professionalId, asOf, await readIndicatorSettings(database));
    const access = await accessToChildren(
      database,
      user,
      children.map((child) => child.childId),
      asOf,
    );
    const shown = children.filter((child) => access.get(child.childId) === 'full');
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'my_work',
      childIds: shown.map((child) => child.childId),
      details: { as_of: asOf, shown: shown.length },
    });
    const items = shown.flatMap((child) => child.items.map((item) => ({ ...item, child: child.name })));
    return reply.render('indicators/views/my-work.njk', {
      title: 'My work',
      asOf,
      children: shown,
      overdue: items.filter((item) => item.workingDaysLeft < 0),
      comingDue: items.filter((item) => item.workingDaysLeft >= 0 && item.workingDaysLeft <= COMING_DUE_WORKING_DAYS),
      comingDueDays: COMING_DUE_WORKING_DAYS,
    });
  });
}
