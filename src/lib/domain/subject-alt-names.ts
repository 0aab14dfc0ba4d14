/** The subjectAltName entries an order may carry: RFC 5280's rfc822Name and dNSName. */
export type SubjectAltName = { type: 'email'; value: string } | { type: 'dns'; value: string };
