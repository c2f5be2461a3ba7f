import type { IncomingMessage } from 'node:http';

export declare const PEER_ADDRESS_APPENDED: unique symbol;
export declare function appendPeerAddress(request: IncomingMessage): void;
