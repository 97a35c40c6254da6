// Looks alarming to a regular expression; is harmless on the syntax tree.
var report = { evaluate: function (x) { return x * 2; } };
report.evaluate(21);
var help = "call eval(code) only in the console; document.write( is old";
var snippet = 'setTimeout("tick()", 10)';
var el = document.getElementById("price");
var markup = el.innerHTML;
var copy = el.outerHTML.length + markup.length;
var opts = { eval: false, innerHTML: "not an assignment to an element" };
setTimeout(function () { report.evaluate(copy); }, 10);
setInterval(() => help.length, 1000);
var w = { document: { write: function () {} } };
el.textContent = help + snippet + opts.eval;
myLogger.write("document");
var box = document.createElement("div");
box.textContent = help; // a div's text is text; only a script element's text is code
var ev = report.evaluate;
ev(2);
var xml = new DOMParser().parseFromString(help, "text/xml"); // XML, not HTML: no handlers, no scripts
import("./chunk-3f2a.js").then(function (m) { m.start(); }); // a bundler's code-split chunk: a fixed path
