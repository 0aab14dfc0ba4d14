/** X.520 / PKCS#9 attribute types an order's subject may carry, in the order they appear. */
export const SUBJECT_ATTRIBUTE_TYPES = [
	'C',
	'ST',
	'L',
	'O',
	'OU',
	'CN',
	'serialNumber',
	'emailAddress',
	'organizationIdentifier'
] as const;

export type SubjectAttributeType = (typeof SUBJECT_ATTRIBUTE_TYPES)[number];

export interface SubjectAttribute {
	type: SubjectAttributeType;
	value: string;
}
