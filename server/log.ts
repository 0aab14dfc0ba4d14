/**
 * The server's log: JSON lines on stdout (pino), one per request plus what the server has to say,
 * for a log collector to parse. Nothing secret is ever passed to it: request bodies and headers
 * other than the User-Agent stay out (server/http/request-log.ts).
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { ConfigurationError, type Config } from './config.ts';

export type { Logger };

/** `destination` is stdout unless a test wants the lines. */
export function createLogger(
	config: Pick<Config, 'logLevel'>,
	destination: DestinationStream = pino.destination({ dest: 1, sync: true })
): Logger {
	const levels = [...Object.keys(pino.levels.values), 'silent'];
	if (!levels.includes(config.logLevel))
		throw new ConfigurationError(
			`LOG_LEVEL must be one of ${levels.join(', ')}: ${config.logLevel}`
		);
	return pino(
		{
			level: config.logLevel,
			// Names and ISO times read better than pino's numbers when an operator greps the log.
			formatters: { level: (label) => ({ level: label }) },
			timestamp: pino.stdTimeFunctions.isoTime
		},
		destination
	);
}
