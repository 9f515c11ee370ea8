// embed.html: <yidi-calculator> in a page of its own, for hosts that prefer an <iframe>. The attributes come from the
// query string (insured-region, treated-region, locale, layout, policies); the page reports its height to the host
// with postMessage({ type: "yidi-height", height }) whenever it changes, and sends nothing else.
//
//   <iframe src="https://calc.example/embed.html?locale=zh-Hant&layout=compact" title="异地就医计算器"></iframe>

import "./yidi-calculator.js";

const params = new URLSearchParams(location.search);
const el = document.createElement("yidi-calculator");
for (const name of [
  "insured-region",
  "treated-region",
  "locale",
  "layout",
  "policies",
]) {
  const value = params.get(name);
  if (value) el.setAttribute(name, value);
}
if (!el.hasAttribute("layout")) el.setAttribute("layout", "compact");
document.documentElement.lang = el.locale;
document.getElementById("embed").append(el);

let last = 0;
function report() {
  const height = Math.ceil(
    document.documentElement.getBoundingClientRect().height,
  );
  if (height !== last && window.parent !== window) {
    last = height;
    window.parent.postMessage({ type: "yidi-height", height }, "*");
  }
}
new ResizeObserver(report).observe(document.documentElement);
