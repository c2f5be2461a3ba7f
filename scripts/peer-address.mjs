// @ts-check
// Shared by scripts/server.mjs and its test: how a request's own socket address joins X-Forwarded-For.

/** Marks this process as one whose requests carry their socket address last in X-Forwarded-For. */
export const PEER_ADDRESS_APPENDED = Symbol.for('makerport.peerAddressAppended');

/**
 * Appends the peer's address to X-Forwarded-For, as a proxy appends what it saw (Node has already
 * joined repeated headers with ", ").
 * @param {import('node:http').IncomingMessage} request
 */
export function appendPeerAddress(request) {
  const peer = request.socket.remoteAddress;
  if (!peer) return;
  const prior = request.headers['x-forwarded-for'];
  request.headers['x-forwarded-for'] = prior ? `${prior}, ${peer}` : peer;
}
