/**
 * The messages of the first screen: the layout, the start page and the /pickup page until the
 * pickup engine arrives. Each language's texts are two chunks, these and the rest, so the first
 * screen does not wait for the texts of every step (bench/app-size.ts). A first-screen module that
 * uses a message missing here fails tests/unit/i18n/first-screen-messages.test.ts.
 */
export const FIRST_SCREEN_MESSAGES: readonly string[] = [
	'app_title',
	'app_tagline',
	'app_load_failed',
	'language_label',
	'status_offline',
	'status_back_online',
	'update_ready',
	'update_now',
	'update_after_pickup',
	'config_error_heading',
	'config_missing',
	'config_malformed',
	'opening',
	'home_heading',
	'home_intro',
	'home_in_progress',
	'home_continue',
	'home_continue_detail'
];
