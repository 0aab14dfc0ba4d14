import type { IssuingCa } from './ca/authority.ts';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';

/** What request handlers and commands work with; `now` is injectable so deadlines can be tested. */
export interface Context {
	db: Db;
	config: Config;
	ca: IssuingCa;
	now: () => Date;
}
