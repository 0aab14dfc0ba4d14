import type { Config } from './config.ts';
import type { Issuer } from './issuers/issuer.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { OrderStore } from './store/types.ts';

/** What request handlers and commands work with; `now` is injectable so deadlines can be tested. */
export interface Context {
	store: OrderStore;
	config: Config;
	issuer: Issuer;
	now: () => Date;
	log: Logger;
	metrics: Metrics;
	/** Has this instance's outbox look for due messages now (an operator's retry), when it runs one. */
	wakeOutbox?: () => void;
}
