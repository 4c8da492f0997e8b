import { definePlugin } from '../plugin.js';

/** `GET /api/alerts/analyst`: `status/alert_analyst.json` (recent alerts, open batch, pending analyses, silences, counts). */
export const alertsAnalystPlugin = definePlugin({ name: 'alert-analyst', route: '/api/alerts/analyst', statusId: 'alert_analyst' });
