import { access } from 'node:fs/promises';
import path from 'node:path';
import { runChild, type ChildOptions } from './child-process.js';
import { CommandError } from './cli-errors.js';
import type { CliContext } from './command-spec.js';
import type { CommandArgs } from './command-args.js';

/** What to run on real hosts: pm2 or Compose per host role (docs/hosts.md, docs/runbook.md). */
export const REAL_HOSTS_HELP = `flywheel up runs the whole loop on the simulator: flywheel up --demo (the same as npm run up).
scripts/up.sh has no real-backend mode; on real hosts the daemons run under pm2 or Docker
Compose, one group per host role (docs/hosts.md):

  npm run build
  # pm2: inference host, then training host (Redis on the inference host)
  FLYWHEEL_HOST_ROLE=inference FLYWHEEL_BASE_DIR=~/TRAINING pm2 start ecosystem.config.cjs
  FLYWHEEL_HOST_ROLE=training FLYWHEEL_BASE_DIR=~/TRAINING FLYWHEEL_REDIS_URL=redis://inference-host:6379 pm2 start ecosystem.config.cjs
  # or Docker Compose
  FLYWHEEL_TRAINING_DIR=~/TRAINING FLYWHEEL_API_TOKEN=... docker compose --profile inference up -d
  FLYWHEEL_TRAINING_DIR=~/TRAINING FLYWHEEL_REDIS_URL=redis://inference-host:6379 docker compose --profile training up -d

Then: flywheel status, flywheel queue-health; logs in <base-dir>/logs/<daemon>.log (pm2 logs, docker compose logs).
`;

/** `bash scripts/up.sh` in the checkout (argument array, no shell string); resolves to its exit code. */
export async function runDemo(workspaceRoot: string, options: Partial<ChildOptions> = {}): Promise<number> {
  const script = path.join(workspaceRoot, 'scripts', 'up.sh');
  try {
    await access(script);
  } catch {
    throw new CommandError(`${script} not found: flywheel up --demo runs from a flywheel checkout`);
  }
  return runChild('bash', [script], { cwd: workspaceRoot, ...options });
}

/** `flywheel up` once its arguments are parsed (see up-command.ts). */
export async function upMain(args: CommandArgs, { io, workspaceRoot }: CliContext): Promise<number> {
  if (!args.values['demo']) {
    io.stderr(REAL_HOSTS_HELP);
    return 2;
  }
  if (args.configArgv.length > 0) {
    io.stderr(`flywheel up: the demo has its own settings (.run/demo); ignoring ${args.configArgv.join(' ')}\n`);
  }
  return runDemo(workspaceRoot, { env: io.env });
}
