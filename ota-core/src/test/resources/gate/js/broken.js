var ok = 1;
var price = * 2;
console.log(ok, price);
