/**
 * A webhook endpoint for the tests on 127.0.0.1: records every delivery and answers with what the
 * test asks for, or not at all.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
	headers: IncomingHttpHeaders;
	body: string;
}

export interface Receiver {
	url: string;
	deliveries: Delivery[];
	/** How the next deliveries are answered; `'silence'` never answers. */
	answer: (status: number | 'silence', body?: string) => void;
	close: () => Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const deliveries: Delivery[] = [];
	let status: number | 'silence' = 204;
	let answerBody = '';
	const waiting: ServerResponse[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
			if (status === 'silence') waiting.push(response);
			else response.writeHead(status, { 'content-type': 'text/plain' }).end(answerBody);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hooks/pickup`,
		deliveries,
		answer: (next, body = '') => {
			status = next;
			answerBody = body;
		},
		close: () =>
			new Promise((resolve) => {
				for (const response of waiting) response.destroy();
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
