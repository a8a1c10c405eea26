/**
 * A decoded message while its fields arrive: its public type with writable fields and lists.
 * A decoder that splits its fields between functions builds the value it returns in place (one
 * object, its keys in the order of the literal that creates it) rather than copying locals.
 */
export type Draft<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };
