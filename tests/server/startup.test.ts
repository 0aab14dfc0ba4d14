/**
 * Starting the server: what it refuses to start with, and two servers started at once on one
 * empty data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../../server/server-process.ts';

describe('two servers started at once on an empty data directory', () => {
	it('both start, every time', async () => {
		for (let run = 0; run < 6; run++) {
			const dataDir = mkdtempSync(join(tmpdir(), 'pickup-race-'));
			const env = {
				DATA_DIR: dataDir,
				BUILD_DIR: join(dataDir, 'no-build'),
				HOST: '127.0.0.1',
				PORT: '0'
			};
			const started = await Promise.allSettled([startServerProcess(env), startServerProcess(env)]);
			for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
			rmSync(dataDir, { recursive: true, force: true });
			expect(
				started.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []))
			).toEqual([]);
		}
	});
});
