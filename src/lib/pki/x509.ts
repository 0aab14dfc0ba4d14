/**
 * @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API
 * before x509 is evaluated; importing x509 only through this module guarantees that order.
 */
import 'reflect-metadata';

export * from '@peculiar/x509';
