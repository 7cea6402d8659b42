/** The national picture (/inspections/national): every council's latest Ofsted grades beside this council's, from Ofsted's published data. */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { readIndicatorSettings } from '../../indicators/settings.ts';
import { GRADES } from '../ofsted-report/parse.ts';
import { GRADE_NAMES } from '../register.ts';
import { loadNationalData, nationalPicture, NATIONAL_AREAS, ofstedDataFolder } from '../national.ts';

const VIEW = { access: { permission: 'inspections.view' as const } };

export function nationalRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/inspections/national', { config: VIEW }, async (_request, reply) => {
    const settings = await readIndicatorSettings(database);
    const data = await loadNationalData();
    const picture = data ? nationalPicture(data, settings.comparison) : null;
    return reply.render('inspections/views/national.njk', {
      title: 'National picture',
      folder: ofstedDataFolder(),
      laCode: settings.laCode,
      picture,
      areas: Object.entries(NATIONAL_AREAS).map(([key, label]) => ({ key, label })),
      grades: GRADES.map((grade) => ({ key: grade, label: GRADE_NAMES[grade] })),
      gradeNames: GRADE_NAMES,
    });
  });
}
