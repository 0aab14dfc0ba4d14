/**
 * The text/html part. Mail clients drop <style> blocks and external resources, so styles are
 * inline and the only image is the QR code carried in the message itself (cid:). One column
 * without layout tables reads well on a phone and in a screen reader.
 */
import type { PickupContent } from './pickup-content.ts';

export interface QrReference {
	/** `cid:` and the attachment's Content-ID. */
	src: string;
	size: number;
}

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif";
const PARAGRAPH = 'margin:0 0 16px';
const SMALL = 'margin:0 0 12px;font-size:14px;color:#4b5563';
const CODE = "font-family:'DejaVu Sans Mono',Consolas,'Courier New',monospace;font-size:16px";
// 7:1 contrast for white text on the button, so it passes WCAG AAA as well as AA.
const BUTTON =
	'display:inline-block;background:#1e40af;color:#ffffff;font-weight:bold;text-decoration:none;padding:12px 24px;border-radius:6px';

export function pickupHtml(content: PickupContent, qr: QrReference): string {
	const { wording } = content;
	const html = escapeHtml;
	const link = html(content.link);
	const reissue = content.isReissue
		? `<p style="${PARAGRAPH};padding:12px 16px;background:#fef3c7;border-left:4px solid #b45309">${html(wording.reissueNote)}</p>`
		: '';
	return `<!DOCTYPE html>
<html lang="${html(content.lang)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${html(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6">
<div style="max-width:600px;margin:0 auto;padding:24px 12px;${FONT};font-size:16px;line-height:1.5;color:#111827">
<div style="background:#ffffff;border-radius:8px;padding:24px">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3">${html(content.heading)}</h1>
<p style="${PARAGRAPH}">${html(wording.intro(content.caName))}<br>
<strong>${html(wording.holderLabel)}</strong> ${html(content.holder)}<br>
<strong>${html(wording.productLabel)}</strong> ${html(content.productName)}</p>
${reissue}
<p style="margin:24px 0"><a href="${link}" style="${BUTTON}">${html(wording.button)}</a></p>
<p style="${PARAGRAPH}"><strong>${html(content.deadline)}</strong></p>
<p style="${PARAGRAPH}">${html(wording.password)}</p>
<p style="${PARAGRAPH}">${html(wording.device)}</p>
<p style="${SMALL}">${html(wording.linkFallback)}<br>
<a href="${link}" style="color:#1e40af;word-break:break-all">${link}</a></p>
<hr style="border:0;border-top:1px solid #e5e7eb;margin:24px 0">
<p style="${PARAGRAPH}">${html(wording.kiosk)}</p>
<img src="${html(qr.src)}" alt="${html(wording.qrAlt)}" width="${qr.size}" height="${qr.size}" style="display:block;margin:0 0 16px;border:0">
<p style="${PARAGRAPH}">${html(wording.orderNumberLabel)} <span style="${CODE}">${html(content.orderNumber)}</span><br>
${html(wording.pickupCodeLabel)} <span style="${CODE}">${html(content.pickupCode)}</span></p>
<hr style="border:0;border-top:1px solid #e5e7eb;margin:24px 0">
<p style="${SMALL}">${html(wording.confidential)}</p>
<p style="${SMALL}">${html(wording.contact(content.contact))}</p>
<p style="margin:0;font-size:14px;color:#4b5563">${html(content.caName)}</p>
</div>
</div>
</body>
</html>
`;
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Safe in element content and in double- or single-quoted attribute values. */
function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}
