#!/usr/bin/env node
// flywheel: the command line (issue 7, the seed's utilities). Thin wiring; the commands are in @flywheel/cli-commands.
// The entry point alone: each command loads its own modules when it runs, so --help is quick.
import { processIo, runCli } from '@flywheel/cli-commands/cli';
import { fileURLToPath } from 'node:url';

// apps/cli/dist/main.js → the checkout's root, where scripts/up.sh and apps/<daemon>/dist are.
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

const code = await runCli(process.argv.slice(2), { io: processIo(), workspaceRoot });
// Exit now: a timer a library leaves behind must not hold a finished command open; everything is
// already written (stdout/stderr writes to files, pipes and terminals are synchronous on Linux).
process.exit(code);
