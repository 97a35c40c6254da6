// Example Shop: the web bundle a Cordova app loads. Shipped over the air by OTA Release.
import { formatPrice } from './price.js';

const products = [
  { id: 'mug', name: 'Coffee mug', cents: 1299 },
  { id: 'tee', name: 'T-shirt', cents: 2499 },
];

class ShopView {
  #list;
  constructor(list) {
    this.#list = list;
  }

  render(items) {
    this.#list.replaceChildren(...items.map((p) => {
      const li = document.createElement('li');
      li.textContent = `${p.name} — ${formatPrice(p.cents)}`;
      return li;
    }));
  }
}

async function start() {
  const view = new ShopView(document.getElementById('products'));
  view.render(products);
  document.getElementById('status').textContent = 'Ready';
  // Tell the OTA client this bundle started correctly (see the readiness protocol in the README).
  window.otaRelease?.ready?.();
}

document.addEventListener('deviceready', start, false);
if (!window.cordova) {
  start();
}
