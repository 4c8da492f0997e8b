import { listCheckpoints } from '@flywheel/checkpoints';
import { rollbackChampion, type ChampionRead } from '@flywheel/deploy';
import { createStatusStore } from '@flywheel/status-store';
import { pino } from 'pino';
import { CommandError, UsageError } from './cli-errors.js';
import { stringFlag, type CommandArgs } from './command-args.js';
import { configFor, type CliContext } from './command-spec.js';
import { checkpointNameOf } from './eval-records.js';
import { connectOptionalRedis, quitQuietly } from './optional-redis.js';

/** `flywheel rollback <checkpoint> --reason TEXT`: champion.json set back by hand. */
export async function rollbackMain(args: CommandArgs, context: CliContext): Promise<number> {
  const { io } = context;
  const config = configFor('rollback', args, io);
  const given = args.positionals[0];
  if (!given) throw new UsageError('flywheel rollback: name the checkpoint to go back to (flywheel rollback --help)');
  const to = checkpointNameOf('rollback', 'checkpoint', given);
  const reason = stringFlag('rollback', args, 'reason', true);
  const connection = await connectOptionalRedis(config.redis);
  if (connection.error) io.stderr(`${connection.error}: champion.json is written to disk only\n`);
  try {
    const statusStore = createStatusStore({ statusDir: config.paths.statusDir, run: config.run, redis: connection.redis ?? undefined, logger: pino({ level: 'silent' }), now: io.now });
    const read = await statusStore.read('champion');
    if (read.state === 'error') throw new CommandError(read.error);
    const previous = read.state === 'present' ? (read.data as ChampionRead) : null;
    if (previous?.champion === to) throw new CommandError(`${to} is the champion already`);
    const wasChampion = (previous?.history ?? []).some((h) => h.champion === to);
    const onDisk = (await listCheckpoints(config.paths.checkpointsDir)).some((c) => c.name === to);
    if (!wasChampion && !onDisk) throw new CommandError(`${to} has never been champion and is not in ${config.paths.checkpointsDir}`);
    const body = rollbackChampion(previous, to, reason, io.now());
    await statusStore.write('champion', body);
    io.stdout(`champion: ${previous?.champion ?? 'none'} → ${to} (explicit rollback: ${reason}); checkpoint-auto-deploy serves it at its next pass` +
      (body.rejected?.length ? `; rejected from now on: ${body.rejected.join(', ')}` : '') + '\n');
    return 0;
  } finally {
    await quitQuietly(connection.redis);
  }
}
