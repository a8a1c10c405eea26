/**
 * A line whose values are all scalars and whose keys are fixed (the access line) may name its
 * keys under this symbol, as one shared array: when none of them is a secret key, the key walk
 * skips the line instead of looking every key up on every line. Symbol keys never reach the output.
 *
 * In this leaf because the request pass (http/) writes it and the log redaction (log/) reads it.
 */
export const kLineKeys = Symbol('sightline.lineKeys');
