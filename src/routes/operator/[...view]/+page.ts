import type { PageLoad } from './$types';

// The console's screens take their subject in the query (?id=, ?q=): a new query, a fresh screen.
export const load: PageLoad = ({ url, params }) => ({ view: params.view, search: url.search });
