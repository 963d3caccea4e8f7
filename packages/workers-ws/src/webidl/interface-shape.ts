/**
 * The property shape workerd's JSG gives an API class's prototype, which a JavaScript class does
 * not have by default (observed, 29-webidl-shape scenarios):
 * - methods and accessors are enumerable (class members are not);
 * - Symbol.toStringTag is a writable, non-enumerable data property holding the class name, present
 *   only with set_tostring_tag (2024-09-26); without it there is none and toString gives
 *   "[object Object]".
 */

/** Makes the string-keyed members of `proto` (all but `constructor`) enumerable, as in workerd. */
export function makeMembersEnumerable(proto: object): void {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor") continue;
    const descriptor = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
    if (!descriptor.enumerable) Object.defineProperty(proto, key, { ...descriptor, enumerable: true });
  }
}

const taggedPrototypes: [proto: object, name: string][] = [];
let tagsPresent: boolean | undefined;

/** Registers a prototype whose Symbol.toStringTag follows set_tostring_tag. */
export function registerToStringTag(proto: object, name: string): void {
  taggedPrototypes.push([proto, name]);
  if (tagsPresent !== undefined) setTag(proto, name, tagsPresent);
}

/**
 * Puts the tags on the registered prototypes, or takes them off. Prototypes are shared by every
 * runtime in the process, so the tags follow the active runtime's set_tostring_tag (an object made
 * by another runtime is tagged as the active one says).
 */
export function applyToStringTags(present: boolean): void {
  if (present === tagsPresent) return;
  tagsPresent = present;
  for (const [proto, name] of taggedPrototypes) setTag(proto, name, present);
}

function setTag(proto: object, name: string, present: boolean): void {
  if (present) {
    Object.defineProperty(proto, Symbol.toStringTag, {
      value: name,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  } else {
    delete (proto as Record<symbol, unknown>)[Symbol.toStringTag];
  }
}
