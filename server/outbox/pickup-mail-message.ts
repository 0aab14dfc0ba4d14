/**
 * The pickup e-mail as an outbox message: everything the mail needs but the moment it is written
 * (its "days left" counts from when it is sent). The link is in it until the mail is sent.
 */
import { product } from '../catalog.ts';
import type { Config } from '../config.ts';
import type { PickupMailInput } from '../mail/pickup-mail.ts';
import { randomSecret } from '../secrets.ts';
import type { NewOutboxMessage, Order } from '../store/types.ts';

export const PICKUP_MAIL_TOPIC = 'pickup_link';

export type PickupMailPayload = Omit<PickupMailInput, 'now'>;

export function pickupMailMessage(config: Config, order: Order, link: string): NewOutboxMessage {
	if (order.notifyEmail === null) throw new Error(`order ${order.id} has no e-mail address`);
	const attribute = (type: string) => order.subject.find((item) => item.type === type)?.value;
	const payload: PickupMailPayload = {
		to: order.notifyEmail,
		locale: order.locale,
		holderName: attribute('CN') ?? order.notifyEmail,
		organization: attribute('O'),
		productName: product(order.productId).name,
		link,
		pickupDeadline: order.pickupDeadline,
		isReissue: order.reissueOf !== null,
		contact: order.contact ?? config.contact,
		caName: config.ca.name
	};
	return {
		id: `msg_${randomSecret(16)}`,
		kind: 'email',
		orderId: order.id,
		topic: PICKUP_MAIL_TOPIC,
		payload: JSON.stringify(payload)
	};
}
