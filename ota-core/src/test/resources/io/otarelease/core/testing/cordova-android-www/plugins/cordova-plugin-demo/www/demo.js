cordova.define("cordova-plugin-demo.demo", function(require, exports, module) {
module.exports = { hello: function () { return "hi"; } };

});
