/**
 * Which addresses Brief may fetch from: public unicast only. Loopback, private (RFC 1918, fc00::/7),
 * link-local (169.254.0.0/16 and fe80::/10, where cloud metadata services answer), shared (CGNAT),
 * unspecified, multicast and reserved ranges are refused, so a feed or link cannot make Brief read this
 * machine or its network. Pure.
 */
import { BlockList, isIP } from "node:net";

const REFUSED: readonly { range: string; why: string }[] = [
  { range: "0.0.0.0/8", why: "unspecified" },
  { range: "10.0.0.0/8", why: "private" },
  { range: "100.64.0.0/10", why: "shared (carrier-grade NAT)" },
  { range: "127.0.0.0/8", why: "loopback" },
  { range: "169.254.0.0/16", why: "link-local (cloud metadata)" },
  { range: "172.16.0.0/12", why: "private" },
  { range: "192.0.0.0/24", why: "reserved" },
  { range: "192.0.2.0/24", why: "reserved" },
  { range: "192.168.0.0/16", why: "private" },
  { range: "198.18.0.0/15", why: "reserved" },
  { range: "198.51.100.0/24", why: "reserved" },
  { range: "203.0.113.0/24", why: "reserved" },
  { range: "224.0.0.0/4", why: "multicast" },
  { range: "240.0.0.0/4", why: "reserved" },
  { range: "::/128", why: "unspecified" },
  { range: "::1/128", why: "loopback" },
  { range: "64:ff9b::/96", why: "translated (NAT64)" },
  { range: "100::/64", why: "reserved" },
  { range: "2001:db8::/32", why: "reserved" },
  { range: "fc00::/7", why: "private" },
  { range: "fe80::/10", why: "link-local" },
  { range: "fec0::/10", why: "site-local" },
  { range: "ff00::/8", why: "multicast" },
];

const lists = REFUSED.map(({ range, why }) => {
  const [net, bits] = range.split("/") as [string, string];
  const list = new BlockList();
  const family = isIP(net) === 6 ? "ipv6" : "ipv4";
  list.addSubnet(net, Number(bits), family);
  return { list, family, why };
});

/** Why an address may not be fetched from ("loopback", "private"…), or undefined for a public address. */
export function refusedAddress(ip: string): string | undefined {
  const version = isIP(ip);
  if (version === 0) return "not an IP address";
  if (version === 6) {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is that IPv4 address.
    const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return refusedAddress(mapped[1]!);
    const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
    if (hex) {
      const [hi, lo] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
      return refusedAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
  }
  const family = version === 6 ? "ipv6" : "ipv4";
  for (const l of lists) if (l.family === family && l.list.check(ip, family)) return l.why;
  return undefined;
}
