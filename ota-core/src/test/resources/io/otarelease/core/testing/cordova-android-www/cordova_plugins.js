cordova.define('cordova/plugin_list', function(require, exports, module) {
  module.exports = [
    {
      "id": "cordova-plugin-demo.demo",
      "file": "plugins/cordova-plugin-demo/www/demo.js",
      "pluginId": "cordova-plugin-demo",
      "clobbers": [
        "window.demo"
      ]
    }
  ];
  module.exports.metadata = {
    "cordova-plugin-demo": "1.0.0"
  };
});