'use strict';
// Other code between two requests, for request-path.ts --other-code: over a socket the kernel's
// network path, libuv and the load generator run between two requests and push the server's
// code out of the CPU's caches; in a tight in-process loop nothing does. `otherCode(n)` builds n
// distinct functions (each its own machine code once optimized), warms them, and returns a
// function that calls them all: ~25 ns of other code each on the 2-vCPU VM, so 400 is ~10 us
// between two requests, the same for every variant (bare's cost takes it out).

/** Twelve integer steps whose constants come from `f`: different `f`, different machine code. */
function steps(f) {
  return Array.from({ length: 12 }, (_, k) => `x = (x * ${f * 31 + k + 3} + ${k * 7 + f}) ^ (x >>> ${(k % 13) + 1});`).join('\n');
}

/** @param {number} count @returns {() => void} */
function otherCode(count) {
  if (!(count > 0)) return () => {};
  /** @type {Array<(x: number) => number>} */
  const functions = Array.from(
    { length: count },
    (_, f) => /** @type {(x: number) => number} */ (new Function('x', `${steps(f)}\nreturn x | 0;`)),
  );
  let sink = 0;
  return warmed(() => {
    for (let f = 0; f < functions.length; f++) sink = /** @type {(x: number) => number} */ (functions[f])(sink);
  });
}

/**
 * For the floor's `-codeN` and `-sameN` variants, which tell code size from work: `count` blocks
 * of steps in one function, either straight (`distinct`: each block its own constants, so the
 * function's machine code grows with `count`) or one block in a loop run `count` times (the same
 * instructions, give or take the loop's, from one block's code).
 * @param {number} count @param {boolean} distinct @returns {() => void}
 */
function blockCode(count, distinct) {
  if (!(count > 0)) return () => {};
  const body = distinct
    ? Array.from({ length: count }, (_, f) => steps(f)).join('\n')
    : `for (let i = 0; i < ${count}; i++) {\n${steps(0)}\n}`;
  const run = /** @type {(x: number) => number} */ (new Function('x', `${body}\nreturn x | 0;`));
  let sink = 0;
  return warmed(() => {
    sink = run(sink);
  });
}

/** `run`, called until V8 optimized it. @param {() => void} run */
function warmed(run) {
  for (let warm = 0; warm < 20_000; warm++) run();
  return run;
}

module.exports = { otherCode, blockCode };
