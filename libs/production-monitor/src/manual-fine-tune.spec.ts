import { describe, expect, it } from '@jest/globals';
import { tempDir } from '@flywheel/testing';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createMonitorState } from './monitor-state.js';
import { monitorSettings, replay } from './replay.fixture.js';

const request = (id: string, by: string) => ({ id, requested_by: by, requested_at: '2026-11-20T10:04:30.000Z', reason: null });

describe('manual fine-tune and the switch in a pass (no Redis: the daemon reads them; see fine-tune-control.int.spec.ts)', () => {
  it('records a manual request with command null when no command is configured, and starts the cooldown', async () => {
    const { dir, remove } = await tempDir('manual-fine-tune');
    try {
      const passes = await replay(monitorSettings(), { statusDir: dir, minutes: 21, manual: new Map([[5, [request('r1', 'erin')]]]) });
      // 10:05 is EXCELLENT: no automatic firing, the manual one is recorded all the same.
      expect(passes.get(5)!.fine_tune).toMatchObject({
        triggered: false, last: null, last_triggered_at: '2026-11-20T10:05:00.000Z', cooldown_remaining_seconds: 3600,
        manual_last: { id: 'r1', requested_by: 'erin', requested_at: '2026-11-20T10:04:30.000Z', ran_at: '2026-11-20T10:05:00.000Z', command: null, exit_code: null, output_tail: null },
      });
      // The first WARNING (10:21) falls inside the manual run's cooldown: 3600 − 16·60 = 2640 s left.
      expect(passes.get(21)!.fine_tune).toMatchObject({ triggered: false, reason: 'cooldown: 2640 s left of 3600 s' });
      expect(passes.get(21)!.fine_tune.manual_last!.id).toBe('r1');
    } finally {
      await remove();
    }
  });

  it('lets the switch (off) override autoFineTune on: the firing is recorded and nothing runs', async () => {
    const { dir, remove } = await tempDir('manual-fine-tune');
    try {
      const marker = path.join(dir, 'ran');
      const monitor = monitorSettings((m) => {
        m.autoFineTune = true;
        m.fineTuneCommand = [process.execPath, '-e', 'require("fs").writeFileSync(process.argv[1], "")', marker];
      });
      const state = createMonitorState(monitor);
      state.control = { auto_fine_tune: false, changed_by: 'alice', changed_at: '2026-11-20T09:00:00.000Z' };
      const passes = await replay(monitor, { statusDir: dir, minutes: 21, state });
      expect(passes.get(21)!.fine_tune).toMatchObject({ triggered: true, auto_fine_tune: false, control: { changed_by: 'alice' }, last: { level: 'WARNING', command: null, exit_code: null } });
      expect(existsSync(marker)).toBe(false);
    } finally {
      await remove();
    }
  });

  describe('hostile input: many "fine-tune now" requests', () => {
    it('runs the command once for every request of a pass, recorded under the newest with the others coalesced', async () => {
      const { dir, remove } = await tempDir('manual-fine-tune');
      try {
        const runs = path.join(dir, 'runs');
        // Each run of the command appends one line to `runs`.
        const monitor = monitorSettings((m) => {
          m.fineTuneCommand = [process.execPath, '-e', 'require("fs").appendFileSync(process.argv[1], "run\\n")', runs];
        });
        const clicks = [request('r1', 'erin'), request('r2', 'erin'), request('r3', 'frank')];
        const passes = await replay(monitor, { statusDir: dir, minutes: 6, manual: new Map([[5, clicks]]) });
        expect(readFileSync(runs, 'utf8')).toBe('run\n');
        expect(passes.get(5)!.fine_tune.manual_last).toMatchObject({ id: 'r3', requested_by: 'frank', exit_code: 0, coalesced: ['r1', 'r2'] });
      } finally {
        await remove();
      }
    });
  });
});
