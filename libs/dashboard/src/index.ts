import path from 'node:path';

/** The folder of the dashboard's static files (index.html and its scripts), for the API to serve at `/`. */
export const dashboardDir = (): string => path.join(import.meta.dirname, '..', 'public');
