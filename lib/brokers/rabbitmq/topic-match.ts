// AMQP 0-9-1 topic exchange matching: words separated by ".", "*" is exactly one word, "#" is zero or
// more words. Pure; iterative with memoisation so a hostile pattern ("#.#.#.#...") stays linear-ish.

export function topicMatches(pattern: string, routingKey: string): boolean {
  const p = pattern.split(".");
  const k = routingKey.split(".");
  // reachable[j]: pattern prefix processed so far can end having consumed j words of the key.
  let reachable = new Array<boolean>(k.length + 1).fill(false);
  reachable[0] = true;
  for (const word of p) {
    const next = new Array<boolean>(k.length + 1).fill(false);
    if (word === "#") {
      let seen = false;
      for (let j = 0; j <= k.length; j++) {
        seen ||= reachable[j];
        next[j] = seen;
      }
    } else {
      for (let j = 0; j < k.length; j++) if (reachable[j] && (word === "*" || word === k[j])) next[j + 1] = true;
    }
    reachable = next;
  }
  return reachable[k.length];
}
