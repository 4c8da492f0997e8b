#!/usr/bin/env node
// flywheel: the command line (issue 7, the seed's utilities). Thin wiring; the commands are in @flywheel/cli-commands.
// The entry point alone: each command loads its own modules when it runs, so --help is quick.
import { processIo, runCli } from '@flywheel/cli-commands/cli';
import { fileURLToPath } from 'node:url';

// apps/cli/dist/main.js → the checkout's root, where scripts/up.sh and apps/<daemon>/dist are.
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

const code = await runCli(process.argv.slice(2), { io: processIo(), workspaceRoot });
// Exit now: a refused Redis connection leaves ioredis's connect timer pending for seconds, and
// the command has already written everything (stdout/stderr writes are synchronous on Linux).
process.exit(code);
