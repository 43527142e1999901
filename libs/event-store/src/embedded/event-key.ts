/**
 * The embedded store's key for an event id: a 32-bit FNV-1a hash of the id's characters.
 *
 * The store refuses an event id stored before, so every append looks its ids up. Indexed as text,
 * the ids (36-character UUIDs, random) made the largest b-tree of the log and every insert landed
 * on a random page of it; at 1M journeys it no longer fitted in the page cache. Indexed by this
 * 4-byte integer, the same index is a fraction of the size. Two ids may share a key, so a lookup
 * compares the ids themselves among the rows with that key. The hash works on any id, not only on
 * UUIDs: a UUID's own digits are not random in every version (a v1's node, a v7's time).
 */
export function eventKey(eventId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < eventId.length; i++) {
    hash ^= eventId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
