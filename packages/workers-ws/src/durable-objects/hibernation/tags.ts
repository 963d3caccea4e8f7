import { createWebSocketError } from "../../errors/catalogue.js";
import { toDOMString } from "../../webidl/conversions.js";

/** workerd api/actor-state.h: MAX_TAGS_PER_CONNECTION and MAX_TAG_LENGTH (in UTF-8 bytes). */
export const MAX_TAGS = 10;
export const MAX_TAG_BYTES = 256;

const encoder = new TextEncoder();

/**
 * The tags argument of acceptWebSocket(ws, tags) as jsg converts it before the method runs:
 * absent means none; anything but an array is a TypeError; each item (holes included) becomes a
 * string, so a Symbol item fails here, before any tag check.
 */
export function convertTags(tags: unknown): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags)) {
    throw createWebSocketError("ArgumentType", "acceptWebSocket", "DurableObjectState", 2, "Array");
  }
  return Array.from(tags as unknown[], (item) => toDOMString(item));
}

/**
 * The distinct tags, first occurrence first, checked as workerd checks them (api/actor-state.c++
 * DurableObjectState::acceptWebSocket): item by item, before the item is looked at, so once 10
 * distinct tags were kept any further item fails, even a duplicate, and an item over 256 UTF-8
 * bytes fails even if it repeats an earlier one.
 */
export function distinctTags(items: readonly string[]): string[] {
  const distinct = new Set<string>();
  for (const tag of items) {
    if (distinct.size >= MAX_TAGS) throw createWebSocketError("TooManyTags");
    if (encoder.encode(tag).length > MAX_TAG_BYTES) throw createWebSocketError("TagTooLong", tag);
    distinct.add(tag);
  }
  return [...distinct];
}
