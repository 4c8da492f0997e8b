import type { CommandSpec } from './command-spec.js';

export const upCommand: CommandSpec = {
  name: 'up',
  summary: 'The whole loop on this machine on the simulator (--demo): Redis, simulated trainer and model server, every daemon, the API.',
  synopsis: 'flywheel up --demo',
  options: {
    demo: { type: 'boolean', description: 'run scripts/up.sh: everything on the simulator, Ctrl-C stops it' },
  },
  details:
    'Without --demo it prints how to start flywheel on real hosts (pm2 or compose) and exits 2.\n' +
    'The demo reads FLYWHEEL_DEMO_DIR, FLYWHEEL_DEMO_API_PORT, FLYWHEEL_DEMO_REDIS_PORT, FLYWHEEL_DEMO_MODEL_PORT,\n' +
    'FLYWHEEL_DEMO_SERVING_PORT, FLYWHEEL_DEMO_SAVE_EVERY, FLYWHEEL_DEMO_MAX_STEPS, FLYWHEEL_DEMO_SECONDS and FLYWHEEL_DEMO_SKIP_BUILD (see scripts/up.sh).',
  async run(args, context) {
    const { upMain } = await import('./demo.js');
    return upMain(args, context);
  },
};
