/**
 * The built pages carry their Content-Security-Policy in a <meta> tag (SvelteKit hash mode). A
 * deployment whose API lives on another origin must allow that origin in connect-src there too:
 * a browser enforces the meta policy and any header policy, so the stricter one wins.
 */
const META = /(<meta\s+http-equiv=["']content-security-policy["']\s+content=)(["'])(.*?)\2/is;

export function allowConnectOrigins(html: string, origins: readonly string[]): string {
	const match = META.exec(html);
	if (!match) throw new Error('the page has no Content-Security-Policy meta tag');
	const [, , quote, policy] = match as unknown as [string, string, string, string];
	const directives = policy
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean);
	const index = directives.findIndex((directive) => directive.split(/\s+/)[0] === 'connect-src');
	const existing = index === -1 ? ['connect-src', "'self'"] : directives[index]!.split(/\s+/);
	const merged = [...new Set([...existing, ...origins])].join(' ');
	if (index === -1) directives.push(merged);
	else directives[index] = merged;
	return html.replace(META, (_, head: string) => `${head}${quote}${directives.join('; ')}${quote}`);
}
