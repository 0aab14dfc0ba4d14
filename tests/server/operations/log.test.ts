import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../../server/config.ts';
import { createLogger } from '../../../server/log.ts';

describe('createLogger', () => {
	it('writes JSON lines with the level by name and an ISO time, from LOG_LEVEL up', () => {
		const written: string[] = [];
		const log = createLogger(
			{ logLevel: 'warn' },
			{ write: (line: string) => void written.push(line) }
		);
		log.info('left out');
		log.warn({ requestId: 'r1' }, 'kept');
		expect(written.map((line) => JSON.parse(line) as unknown)).toEqual([
			{
				level: 'warn',
				time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
				pid: process.pid,
				hostname: expect.any(String),
				requestId: 'r1',
				msg: 'kept'
			}
		]);
	});

	it('refuses a LOG_LEVEL it does not know, naming those it does', () => {
		expect(() => createLogger({ logLevel: 'verbose' })).toThrow(ConfigurationError);
		expect(() => createLogger({ logLevel: 'verbose' })).toThrow(
			'LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent: verbose'
		);
	});
});
