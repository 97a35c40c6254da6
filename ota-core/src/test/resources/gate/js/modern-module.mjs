import { format } from "./format.js";
import * as api from "./api.js";
export const TAX = 0.2;
export class Price {
  #cents;
  constructor(cents) { this.#cents = cents; }
  toString() { return format(this.#cents); }
}
const config = await api.load?.() ?? {};
export default async function main() {
  const { render } = await import("./view.js");
  for await (const chunk of api.stream()) render(chunk, config);
}
