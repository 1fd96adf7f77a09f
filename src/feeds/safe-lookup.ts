/**
 * The DNS lookup every fetch connects through: it resolves the host (all its addresses), refuses the
 * request if any of them is loopback, private, link-local or otherwise not public, and hands the socket
 * the address it checked. The connection therefore goes to exactly the address that was checked, so a
 * name that resolves to a public address for the check and a private one for the connection (DNS
 * rebinding) cannot slip through. Each redirect is a new request, so it is checked again.
 */
import { type LookupAddress, lookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { refusedAddress } from "./address.js";

export class RefusedAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly why: string,
  ) {
    super(`${host} resolves to ${address}, a ${why} address: Brief fetches only from public addresses`);
    this.name = "RefusedAddressError";
  }
}

export function safeLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { all: true, family: options.family, hints: options.hints }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "", 0);
      if (!allowPrivate) {
        for (const a of addresses) {
          const why = refusedAddress(a.address);
          if (why) return callback(new RefusedAddressError(hostname, a.address, why), "", 0);
        }
      }
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
