import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Issuer } from './issuers/issuer.ts';

/** What request handlers and commands work with; `now` is injectable so deadlines can be tested. */
export interface Context {
	db: Db;
	config: Config;
	issuer: Issuer;
	now: () => Date;
}
