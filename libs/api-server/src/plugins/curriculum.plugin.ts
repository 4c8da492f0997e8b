import { definePlugin } from '../plugin.js';

/** `GET /api/curriculum`: Curriculum optimization (seed §1). */
export const curriculumPlugin = definePlugin({ name: 'curriculum', route: '/api/curriculum', statusId: 'curriculum' });
