// ES2022 as bundlers emit it for a classic <script>: classes with private and static members, async/await,
// optional chaining, nullish assignment, BigInt, numeric separators, named groups, generators, spread.
(() => {
  "use strict";
  class Cart extends EventTarget {
    #items = new Map();
    static #count = 0;
    static { Cart.#count = 0; }
    get size() { return this.#items.size; }
    #touch() { Cart.#count++; }
    has(o) { return #items in o; }
    async load(url) {
      const res = await fetch(url);
      const data = await res.json?.();
      this.#touch();
      return data?.items?.[0]?.price ?? null;
    }
    *ids() { yield* this.#items.keys(); }
  }
  let limit = 1_000_000; limit ||= 2; limit &&= 3; limit ??= 4;
  const big = 2n ** 64n;
  const { a, ...rest } = { a: 1, b: 2 };
  const m = /(?<year>\d{4})-(?<month>\d{2})/u.exec("2026-11")?.groups;
  const html = `<b>${a}</b>`;
  globalThis.cart = new Cart();
  label: for (const x of [1, 2]) { if (x) break label; }
  try { JSON.parse("{"); } catch { /* optional catch binding */ }
  Promise.allSettled([]).then(r => r.at(-1));
  console.log(big, rest, m, html, Object.hasOwn({}, "x"));
})();
