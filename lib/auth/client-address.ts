import { BlockList, isIP } from "node:net";

// Which address a request came from, for sign-in limits and the audit log. Pure: the peer address
// (the TCP socket's remote end) and the X-Forwarded-For header are passed in.
//
// X-Forwarded-For is written by whoever sends the request, so it is believed only when the socket's
// peer is a proxy the operator named in EVENTSCOPE_TRUSTED_PROXIES, and then only as far back as the
// hops are trusted proxies too (read from the right: each trusted proxy appended the address it saw).
// Default: no proxy is trusted and the peer address is the client.

export const TRUSTED_PROXIES_VARIABLE = "EVENTSCOPE_TRUSTED_PROXIES";
/** The address used when no peer is known (route handlers called in-process, without a socket). */
export const UNKNOWN_ADDRESS = "unknown";
/** Hops of X-Forwarded-For looked at, from the right: a chain longer than this is not a real one. */
const MOST_FORWARDED_HOPS = 20;

export interface TrustedProxies {
  contains(address: string): boolean;
  readonly entries: readonly string[];
}

/**
 * EVENTSCOPE_TRUSTED_PROXIES: addresses and CIDR ranges separated by commas or spaces
 * (`10.0.0.0/8, 192.168.1.5, fd00::/8`). Throws an Error naming the variable and the bad entry.
 */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies {
  const entries = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split("/");
    const family = isIP(address ?? "");
    const type = family === 6 ? "ipv6" : "ipv4";
    const bits = prefix === undefined ? undefined : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(prefix!) && bits <= maxBits))) {
      throw new Error(`${TRUSTED_PROXIES_VARIABLE}: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/8)`);
    }
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, bits, type);
  }
  return {
    entries,
    contains: (address) => {
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
    },
  };
}

/**
 * An address in the form it is compared and shown in: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, what a
 * dual-stack socket reports) as plain IPv4, lower case, no zone, no brackets or port. Undefined when
 * the text is not an IP address.
 */
export function normalizeAddress(text: string): string | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address : undefined;
}

export function resolveClientAddress(input: { peer: string | null | undefined; forwardedFor: string | null | undefined; trusted: TrustedProxies }): string {
  const peer = input.peer ? normalizeAddress(input.peer) : undefined;
  if (!peer) return UNKNOWN_ADDRESS;
  let client = peer;
  if (!input.trusted.contains(client)) return client;
  const hops = (input.forwardedFor ?? "").split(",").slice(-MOST_FORWARDED_HOPS).reverse();
  for (const hop of hops) {
    const address = normalizeAddress(hop);
    // Garbage in the chain: the hops before it cannot be trusted either; the last good one is the client.
    if (!address) return client;
    client = address;
    if (!input.trusted.contains(address)) return address;
  }
  return client;
}

/**
 * What sign-in limits count per "address": an IPv4 address, or the /64 network of an IPv6 address
 * (one host usually holds a whole /64, so counting single IPv6 addresses would give it 2^64 counters).
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (hex, no leading zeros). */
function ipv6Groups(address: string): string[] {
  const toGroups = (part: string) =>
    part
      .split(":")
      .filter(Boolean)
      .flatMap((group) => {
        if (!group.includes(".")) return [group];
        const [a, b, c, d] = group.split(".").map(Number) as [number, number, number, number];
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
      });
  const [head = "", tail] = address.split("::");
  const headGroups = toGroups(head);
  const tailGroups = tail === undefined ? [] : toGroups(tail);
  const zeros = Array(Math.max(0, 8 - headGroups.length - tailGroups.length)).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16).toString(16));
}
