/**
 * An operator's "try again now" for a message that waits or gave up. A queued message, or a
 * failed event, becomes due at once with a fresh run of attempts. A failed e-mail's content was
 * erased with the pickup link it held, so it cannot be sent again as it was: its retry is the
 * order's resend (orders/operator.ts), a new link in a new e-mail, audited as such.
 */
import { resendOrder, type OperatorDeps } from '../orders/operator.ts';
import { Refusal } from '../problems.ts';
import type { OutboxMessage } from '../store/types.ts';

export async function retryOutboxMessage(deps: OperatorDeps, id: string): Promise<OutboxMessage> {
	const now = deps.now ?? new Date();
	const message = await deps.store.findOutboxMessage(id);
	if (!message) throw new Refusal('not_found', `There is no message ${id} in the outbox.`);
	if (message.status === 'sent' || message.status === 'superseded')
		throw new Refusal(
			'order_state_conflict',
			`Message ${id} is ${message.status}: nothing to retry.`
		);
	if (message.kind === 'email' && message.status === 'failed' && message.orderId !== null) {
		const { order } = await resendOrder(deps, message.orderId, { delivery: 'email' });
		const resent = (await deps.store.outboxOf(order.id)).filter((m) => m.kind === 'email').at(-1);
		if (!resent) throw new Error('the resent e-mail was not queued');
		return resent;
	}
	const retried = await deps.store.transaction(message.orderId, async (tx) => {
		if (!(await tx.retryOutbox(id, now))) return undefined;
		await tx.audit(
			{
				orderId: message.orderId,
				actor: 'operator',
				event: 'outbox_retried',
				detail: {
					message: id,
					kind: message.kind,
					by: deps.operatorName ?? null,
					via: deps.via ?? null
				}
			},
			now
		);
		return tx.findOutboxMessage(id);
	});
	if (!retried)
		throw new Refusal('order_state_conflict', `Message ${id} cannot be retried any more.`);
	return retried;
}
