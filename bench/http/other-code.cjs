'use strict';
// Other code between two requests, for request-path.ts --other-code: over a socket the kernel's
// network path, libuv and the load generator run between two requests and push the server's
// code out of the CPU's caches; in a tight in-process loop nothing does. `otherCode(n)` builds n
// distinct functions (each its own machine code once optimized), warms them, and returns a
// function that calls them all: ~25 ns of other code each on the 2-vCPU VM, so 400 is ~10 us
// between two requests, the same for every variant (bare's cost takes it out).

/** @param {number} count @returns {() => void} */
function otherCode(count) {
  if (!(count > 0)) return () => {};
  /** @type {Array<(x: number) => number>} */
  const functions = [];
  for (let f = 0; f < count; f++) {
    const steps = Array.from({ length: 12 }, (_, k) => `x = (x * ${f * 31 + k + 3} + ${k * 7 + f}) ^ (x >>> ${(k % 13) + 1});`);
    functions.push(/** @type {(x: number) => number} */ (new Function('x', `${steps.join('\n')}\nreturn x | 0;`)));
  }
  let sink = 0;
  const run = () => {
    for (let f = 0; f < functions.length; f++) sink = /** @type {(x: number) => number} */ (functions[f])(sink);
  };
  for (let warm = 0; warm < 20_000; warm++) run();
  return run;
}

module.exports = { otherCode };
